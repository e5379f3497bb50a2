import type { Db } from "../db/client";
import { newId } from "../db/ids";
import { AppError, notFound, validationFailed } from "../http/errors";
import { log } from "../http/log";
import { endpointLogFor } from "../logs/client";
import { forgetEndpoint } from "../mock/config";
import type { ResponseSpec } from "../rules/schema";
import { checkResponseTemplates } from "../rules/template-check";
import { endpointUrls } from "./names";
import * as store from "./store";

export const DEFAULT_RESPONSE: ResponseSpec = {
  status: 200,
  headers: { "content-type": "application/json" },
  body: '{"ok":true,"message":"edgemock: no rule matched {{method}} {{path}}"}',
};

export interface EndpointView {
  id: string;
  name: string;
  urls: string[];
  defaultResponse: ResponseSpec;
  createdAt: string;
  updatedAt: string;
}

export interface UrlBase {
  origin: string;
  mockDomain: string;
}

export function endpointView(row: store.EndpointRow, base: UrlBase): EndpointView {
  return {
    id: row.id,
    name: row.name,
    urls: endpointUrls(row.name, base.origin, base.mockDomain),
    defaultResponse: JSON.parse(row.defaultResponse) as ResponseSpec,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function checkDefaultResponse(response: ResponseSpec): void {
  const errors: Parameters<typeof checkResponseTemplates>[2] = [];
  checkResponseTemplates(response, "defaultResponse", errors);
  if (errors.length > 0) throw validationFailed(errors);
}

export async function createEndpoint(
  d: Db,
  accountId: string,
  input: { name: string; defaultResponse?: ResponseSpec },
): Promise<store.EndpointRow> {
  const response = input.defaultResponse ?? DEFAULT_RESPONSE;
  checkDefaultResponse(response);
  const row = await store.insertEndpoint(d, {
    id: newId("ep"),
    accountId,
    name: input.name,
    defaultResponse: JSON.stringify(response),
  });
  if (!row) {
    throw new AppError("conflict", 409, `The endpoint name "${input.name}" is taken`, {
      errors: [{ path: "name", message: "is taken" }],
    });
  }
  forgetEndpoint(input.name);
  return row;
}

/** Every route that takes an endpoint name goes through here: another account's is a 404. */
export async function requireEndpoint(
  d: Db,
  accountId: string,
  name: string,
): Promise<store.EndpointRow> {
  const row = await store.findEndpoint(d, accountId, name);
  if (!row) throw notFound(`The endpoint "${name}"`);
  return row;
}

export async function patchEndpoint(
  d: Db,
  accountId: string,
  name: string,
  patch: { defaultResponse?: ResponseSpec },
): Promise<store.EndpointRow> {
  const row = await requireEndpoint(d, accountId, name);
  if (!patch.defaultResponse) return row;
  checkDefaultResponse(patch.defaultResponse);
  const json = JSON.stringify(patch.defaultResponse);
  const updated = await store.updateDefaultResponse(d, row.id, json, new Date().toISOString());
  forgetEndpoint(name);
  if (!updated) throw notFound(`The endpoint "${name}"`);
  return updated;
}

export async function deleteEndpoint(
  env: Env,
  d: Db,
  accountId: string,
  name: string,
): Promise<string> {
  const row = await requireEndpoint(d, accountId, name);
  await store.deleteEndpoint(d, row.id);
  forgetEndpoint(name);
  // After the D1 delete, and never failing it: a failed wipe leaves bounded history that nobody
  // can reach any more (its endpoint id is gone), which beats a 500 for a delete that happened.
  try {
    await endpointLogFor(env, row.id).wipe();
  } catch (err) {
    log("error", "endpoint history wipe failed", { endpointId: row.id, error: String(err) });
  }
  return row.id;
}

export async function listEndpoints(d: Db, accountId: string): Promise<store.EndpointRow[]> {
  return store.listEndpoints(d, accountId);
}
