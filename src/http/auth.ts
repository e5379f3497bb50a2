/**
 * @module Resolves `Authorization: Bearer <api key>` to an account. Every failure is the same
 * 401 so a caller learns nothing about which part was wrong (RELIABILITY.md test 34).
 */
import { digestsEqual, keyPrefixOf, sha256Hex } from "../accounts/keys";
import { findKeyByPrefix } from "../accounts/store";
import type { Db } from "../db/client";
import type { AuthContext } from "../env";
import { AppError } from "./errors";

export const unauthorized = (): AppError =>
  new AppError("unauthorized", 401, "A valid API key is required: Authorization: Bearer <key>");

export function bearerOf(header: string | undefined | null): string | null {
  if (!header) return null;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

export async function authenticate(d: Db, presented: string | null): Promise<AuthContext> {
  if (!presented) throw unauthorized();
  const prefix = keyPrefixOf(presented);
  if (!prefix) throw unauthorized();
  const row = await findKeyByPrefix(d, prefix);
  const hash = await sha256Hex(presented);
  if (!row || !digestsEqual(hash, row.hash)) throw unauthorized();
  return { accountId: row.accountId, keyId: row.id };
}
