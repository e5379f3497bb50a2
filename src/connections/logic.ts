/**
 * @module API connections: create, edit, share, test and delete. The client secret is
 * encrypted before it is stored and never leaves in a response; every save runs a real token
 * request through the connection's TokenBroker and stores the outcome as `lastTest`.
 */
import type { Db } from "../db/client";
import { newId } from "../db/ids";
import { AppError, notFound, validationFailed, type FieldError } from "../http/errors";
import { checkTokenUrl } from "../outbound/url-policy";
import { policyFor } from "../outbound/policy-env";
import { KeyringError, encryptField, parseKeyring, type Keyring } from "./crypto";
import { secretContext } from "./secret-context";
import type { ConnectionInput, ConnectionPatch, ConnectionView, TokenTest } from "./schema";
import * as store from "./store";
import { brokerFor } from "./tokens";

export function keyringOrFail(env: Env): Keyring {
  try {
    return parseKeyring(env.ENCRYPTION_KEYS);
  } catch (err) {
    if (!(err instanceof KeyringError)) throw err;
    throw new AppError(
      "encryption_unavailable",
      503,
      `Connection secrets cannot be stored: the ENCRYPTION_KEYS secret is ${err.code}. ` +
        "Nothing was saved.",
    );
  }
}

function view(row: store.ConnectionRow, endpoints: string[]): ConnectionView {
  return {
    id: row.id,
    displayName: row.displayName,
    tokenUrl: row.tokenUrl,
    clientId: row.clientId,
    hasSecret: row.clientSecretEnc.length > 0,
    headerPrefix: row.headerPrefix,
    additionalParams: JSON.parse(row.additionalParams) as Record<string, string>,
    clientAuth: row.clientAuth as ConnectionView["clientAuth"],
    endpoints,
    allowedHosts: row.allowedHosts ? (JSON.parse(row.allowedHosts) as string[]) : null,
    version: row.version,
    lastTest: row.lastTest ? (JSON.parse(row.lastTest) as TokenTest) : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** An empty list means "no restriction", like an absent one: nobody wants a dead connection. */
function hostsColumn(hosts: string[] | null | undefined): string | null {
  return hosts && hosts.length > 0 ? JSON.stringify(hosts) : null;
}

async function resolveEndpoints(d: Db, accountId: string, names: string[]): Promise<string[]> {
  const unique = [...new Set(names)];
  const ids = await store.endpointIdsByName(d, accountId, unique);
  const errors: FieldError[] = [];
  names.forEach((name, i) => {
    if (!ids.has(name)) errors.push({ path: `endpoints.${i}`, message: `no endpoint "${name}"` });
  });
  if (errors.length > 0) throw validationFailed(errors);
  return unique.map((n) => ids.get(n) ?? "");
}

function checkUrl(env: Env, tokenUrl: string | undefined): void {
  if (tokenUrl === undefined) return;
  const problem = checkTokenUrl(tokenUrl, policyFor(env));
  if (problem) throw validationFailed([{ path: "tokenUrl", message: problem }]);
}

export async function getConnection(d: Db, accountId: string, id: string) {
  const row = await store.findConnection(d, accountId, id);
  if (!row) throw notFound("The API connection");
  return row;
}

export async function presentOne(d: Db, row: store.ConnectionRow): Promise<ConnectionView> {
  const names = await store.sharedNames(d, [row.id]);
  return view(row, names.get(row.id) ?? []);
}

export async function listConnections(
  d: Db,
  accountId: string,
  endpointId?: string,
): Promise<ConnectionView[]> {
  const rows = await store.listConnections(d, accountId, endpointId);
  const names = await store.sharedNames(
    d,
    rows.map((r) => r.id),
  );
  return rows.map((r) => view(r, names.get(r.id) ?? []));
}

export async function createConnection(
  env: Env,
  d: Db,
  accountId: string,
  input: ConnectionInput,
): Promise<{ connection: ConnectionView; test: TokenTest }> {
  checkUrl(env, input.tokenUrl);
  const keyring = keyringOrFail(env);
  const endpointIds = await resolveEndpoints(d, accountId, input.endpoints);
  const id = newId("conn");
  const clientSecretEnc = await encryptField(
    keyring,
    input.clientSecret,
    secretContext(accountId, id),
  );
  await store.insertConnection(
    d,
    {
      id,
      accountId,
      displayName: input.displayName,
      tokenUrl: input.tokenUrl,
      clientId: input.clientId,
      clientSecretEnc,
      headerPrefix: input.headerPrefix,
      clientAuth: input.clientAuth,
      additionalParams: JSON.stringify(input.additionalParams),
      allowedHosts: hostsColumn(input.allowedHosts),
    },
    endpointIds,
  );
  return testAndPresent(env, d, accountId, id);
}

export async function patchConnection(
  env: Env,
  d: Db,
  accountId: string,
  id: string,
  patch: ConnectionPatch,
): Promise<{ connection: ConnectionView; test: TokenTest }> {
  await getConnection(d, accountId, id);
  checkUrl(env, patch.tokenUrl);
  const endpointIds =
    patch.endpoints === undefined
      ? undefined
      : await resolveEndpoints(d, accountId, patch.endpoints);
  const fields: Parameters<typeof store.updateConnection>[3] = {
    updatedAt: new Date().toISOString(),
  };
  if (patch.displayName !== undefined) fields.displayName = patch.displayName;
  if (patch.tokenUrl !== undefined) fields.tokenUrl = patch.tokenUrl;
  if (patch.clientId !== undefined) fields.clientId = patch.clientId;
  if (patch.headerPrefix !== undefined) fields.headerPrefix = patch.headerPrefix;
  if (patch.clientAuth !== undefined) fields.clientAuth = patch.clientAuth;
  if (patch.additionalParams !== undefined) {
    fields.additionalParams = JSON.stringify(patch.additionalParams);
  }
  if (patch.allowedHosts !== undefined) {
    fields.allowedHosts = hostsColumn(patch.allowedHosts);
  }
  // A blank secret keeps the stored one (write-only field, as Beeceptor and n8n do).
  if (patch.clientSecret) {
    fields.clientSecretEnc = await encryptField(
      keyringOrFail(env),
      patch.clientSecret,
      secretContext(accountId, id),
    );
  }
  await store.updateConnection(d, accountId, id, fields, endpointIds);
  return testAndPresent(env, d, accountId, id);
}

/** Runs a real token request for the connection's current version and stores the outcome. */
export async function testConnection(
  env: Env,
  d: Db,
  accountId: string,
  id: string,
): Promise<TokenTest> {
  const row = await getConnection(d, accountId, id);
  const test = await brokerFor(env, accountId, id).testToken({
    accountId,
    connectionId: id,
    version: row.version,
  });
  await store.setLastTest(d, id, JSON.stringify(test));
  return test;
}

async function testAndPresent(env: Env, d: Db, accountId: string, id: string) {
  const test = await testConnection(env, d, accountId, id);
  const row = await getConnection(d, accountId, id);
  return { connection: await presentOne(d, row), test };
}

export async function deleteConnection(
  env: Env,
  d: Db,
  accountId: string,
  id: string,
): Promise<void> {
  await getConnection(d, accountId, id);
  if (!(await store.deleteUnlessUsed(d, accountId, id))) {
    const rules = await store.rulesUsing(d, accountId, id);
    throw new AppError(
      "conflict",
      409,
      `${rules.length} rule(s) still use this API connection; change or delete them first`,
      { extra: { rules } },
    );
  }
  await brokerFor(env, accountId, id).destroy();
}
