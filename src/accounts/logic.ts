import type { Db } from "../db/client";
import { newId } from "../db/ids";
import { AppError, notFound } from "../http/errors";
import { generateApiKey } from "./keys";
import * as store from "./store";

export interface AccountView {
  id: string;
  name: string;
  createdAt: string;
}

export function accountView(row: store.AccountRow): AccountView {
  return { id: row.id, name: row.name, createdAt: row.createdAt };
}

export async function signUp(
  d: Db,
  name: string,
): Promise<{ account: AccountView; apiKey: string }> {
  const key = await generateApiKey();
  const row = await store.insertAccountWithKey(
    d,
    { id: newId("acc"), name },
    { id: newId("key"), prefix: key.prefix, hash: key.hash },
  );
  return { account: accountView(row), apiKey: key.apiKey };
}

export async function getAccount(d: Db, accountId: string): Promise<AccountView> {
  const row = await store.findAccount(d, accountId);
  if (!row) throw notFound("The account");
  return accountView(row);
}

export async function createKey(d: Db, accountId: string) {
  const key = await generateApiKey();
  const row = await store.insertKey(d, {
    id: newId("key"),
    accountId,
    prefix: key.prefix,
    hash: key.hash,
  });
  return { id: row.id, apiKey: key.apiKey, createdAt: row.createdAt };
}

export async function listKeys(d: Db, accountId: string) {
  const rows = await store.listKeys(d, accountId);
  return rows.map((r) => ({
    id: r.id,
    prefix: r.prefix,
    createdAt: r.createdAt,
    lastUsedAt: r.lastUsedAt,
  }));
}

export async function revokeKey(d: Db, accountId: string, keyId: string): Promise<void> {
  const removed = await store.deleteKeyUnlessLast(d, accountId, keyId);
  if (removed > 0) return;
  const keys = await store.listKeys(d, accountId);
  if (!keys.some((k) => k.id === keyId)) throw notFound("The API key");
  throw new AppError("conflict", 409, "The last remaining API key of an account cannot be deleted");
}
