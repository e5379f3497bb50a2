/**
 * @module The broker's durable copy of its token, so an evicted or restarted Durable Object
 * reuses a valid token instead of asking the server again (RELIABILITY.md test 15).
 *
 * The access token is stored as an AES-GCM blob bound to (account, connection, "accessToken"):
 * DO storage is never holding a usable credential in clear (DESIGN.md "Nothing secret leaves in
 * clear"). Everything else in the record is not secret.
 */
import { decryptField, encryptField, parseKeyring } from "./crypto";
import type { CachedToken } from "./broker-policy";
import { secretContext } from "./secret-context";

const KEY = "token";
/** Bumped when the record's shape changes; an unknown shape is dropped, never misread. */
const RECORD_SCHEMA = 1;

interface StoredToken {
  schema: typeof RECORD_SCHEMA;
  accountId: string;
  connectionId: string;
  version: number;
  tokenEnc: string;
  tokenId: string;
  headerPrefix: string;
  obtainedAt: number;
  expiresAt: number;
}

/** Reads and decrypts the stored token; drops it when expired, unreadable or of another shape. */
export async function restoreToken(
  storage: DurableObjectStorage,
  env: Env,
  now: number,
): Promise<CachedToken | undefined> {
  const record = storage.kv.get<unknown>(KEY);
  if (record === undefined) return undefined;
  if (!isStoredToken(record) || record.expiresAt <= now) {
    storage.kv.delete(KEY);
    return undefined;
  }
  try {
    const token = await decryptField(
      parseKeyring(env.ENCRYPTION_KEYS),
      record.tokenEnc,
      secretContext(record.accountId, record.connectionId, "accessToken"),
    );
    return {
      accountId: record.accountId,
      connectionId: record.connectionId,
      version: record.version,
      token,
      tokenId: record.tokenId,
      headerPrefix: record.headerPrefix,
      obtainedAt: record.obtainedAt,
      expiresAt: record.expiresAt,
    };
  } catch {
    // A retired key or a tampered record: asking the server again is always safe.
    storage.kv.delete(KEY);
    return undefined;
  }
}

/** Encrypts first, then writes synchronously; `stillCurrent` is checked after the await. */
export async function persistToken(
  storage: DurableObjectStorage,
  env: Env,
  token: CachedToken,
  stillCurrent: () => boolean,
): Promise<void> {
  const tokenEnc = await encryptField(
    parseKeyring(env.ENCRYPTION_KEYS),
    token.token,
    secretContext(token.accountId, token.connectionId, "accessToken"),
  );
  if (!stillCurrent()) return;
  const record: StoredToken = {
    schema: RECORD_SCHEMA,
    accountId: token.accountId,
    connectionId: token.connectionId,
    version: token.version,
    tokenEnc,
    tokenId: token.tokenId,
    headerPrefix: token.headerPrefix,
    obtainedAt: token.obtainedAt,
    expiresAt: token.expiresAt,
  };
  storage.kv.put(KEY, record);
}

export function forgetToken(storage: DurableObjectStorage): void {
  storage.kv.delete(KEY);
}

function isStoredToken(value: unknown): value is StoredToken {
  if (typeof value !== "object" || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    r.schema === RECORD_SCHEMA &&
    typeof r.accountId === "string" &&
    typeof r.connectionId === "string" &&
    typeof r.version === "number" &&
    typeof r.tokenEnc === "string" &&
    typeof r.tokenId === "string" &&
    typeof r.headerPrefix === "string" &&
    typeof r.obtainedAt === "number" &&
    typeof r.expiresAt === "number"
  );
}
