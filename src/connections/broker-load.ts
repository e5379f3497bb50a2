/**
 * @module Reads a connection's current credentials for the broker: the D1 row (scoped by account
 * AND id), the token URL checked against the outbound policy, and the decrypted client secret.
 * Failures come back as broker failures whose messages name what is wrong, never the secret or
 * its ciphertext.
 */
import { db } from "../db/client";
import { policyFor } from "../outbound/policy-env";
import { checkTokenUrl } from "../outbound/url-policy";
import { KeyringError, SecretUnavailableError, decryptField, parseKeyring } from "./crypto";
import { secretContext } from "./secret-context";
import { findConnection } from "./store";
import type { ClientAuth, TokenRequestConfig } from "./token-types";
import type { BrokerFailure, BrokerRequest } from "./tokens";

export interface LoadedConnection {
  ok: true;
  version: number;
  headerPrefix: string;
  config: TokenRequestConfig;
}

export type LoadOutcome = LoadedConnection | { ok: false; failure: BrokerFailure };

export async function loadConnection(env: Env, req: BrokerRequest): Promise<LoadOutcome> {
  const row = await findConnection(db(env.DB), req.accountId, req.connectionId);
  if (!row) {
    return fail("connection_deleted", "the API connection no longer exists");
  }
  // Checked again at send, not only at save: the policy (deployment vs local) may have changed
  // since, and this request is about to carry the client secret (RELIABILITY.md test 29).
  const refused = checkTokenUrl(row.tokenUrl, policyFor(env));
  if (refused !== null) return fail("invalid_token_url", `the token URL is refused: ${refused}`);
  let clientSecret: string;
  try {
    const keyring = parseKeyring(env.ENCRYPTION_KEYS);
    clientSecret = await decryptField(
      keyring,
      row.clientSecretEnc,
      secretContext(req.accountId, req.connectionId),
    );
  } catch (err) {
    if (err instanceof SecretUnavailableError) {
      return fail(
        "secret_unavailable",
        `the client secret cannot be read (${err.code}): save it again`,
      );
    }
    if (err instanceof KeyringError) {
      return fail(
        "secret_unavailable",
        `the client secret cannot be read: ENCRYPTION_KEYS is ${err.code}`,
      );
    }
    throw err;
  }
  const additionalParams = parseParams(row.additionalParams);
  if (!additionalParams) {
    return fail("invalid_connection", "the connection's additional parameters are not readable");
  }
  return {
    ok: true,
    version: row.version,
    headerPrefix: row.headerPrefix,
    config: {
      tokenUrl: row.tokenUrl,
      clientId: row.clientId,
      clientSecret,
      clientAuth: asClientAuth(row.clientAuth),
      additionalParams,
    },
  };
}

function fail(code: string, message: string): { ok: false; failure: BrokerFailure } {
  return { ok: false, failure: { ok: false, kind: "permanent", code, message } };
}

function parseParams(raw: string): Record<string, string> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== "string") return undefined;
    out[key] = value;
  }
  return out;
}

/** The API only stores the two methods; anything else falls back to the RFC default. */
function asClientAuth(value: string): ClientAuth {
  return value === "client_secret_post" ? "client_secret_post" : "client_secret_basic";
}
