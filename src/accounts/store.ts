import { and, asc, count, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { accounts, apiKeys } from "../db/schema";

export type AccountRow = typeof accounts.$inferSelect;
export type ApiKeyRow = typeof apiKeys.$inferSelect;

export async function insertAccountWithKey(
  d: Db,
  account: { id: string; name: string },
  key: { id: string; prefix: string; hash: string },
): Promise<AccountRow> {
  const [inserted] = await d.batch([
    d.insert(accounts).values(account).returning(),
    d.insert(apiKeys).values({ ...key, accountId: account.id }),
  ]);
  const row = inserted[0];
  if (!row) throw new Error("account insert returned no row");
  return row;
}

export async function findAccount(d: Db, id: string): Promise<AccountRow | undefined> {
  return d.query.accounts.findFirst({ where: eq(accounts.id, id) });
}

export async function findKeyByPrefix(d: Db, prefix: string): Promise<ApiKeyRow | undefined> {
  return d.query.apiKeys.findFirst({ where: eq(apiKeys.prefix, prefix) });
}

export async function insertKey(
  d: Db,
  key: { id: string; accountId: string; prefix: string; hash: string },
): Promise<ApiKeyRow> {
  const [row] = await d.insert(apiKeys).values(key).returning();
  if (!row) throw new Error("key insert returned no row");
  return row;
}

export async function listKeys(d: Db, accountId: string): Promise<ApiKeyRow[]> {
  return d
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.accountId, accountId))
    .orderBy(asc(apiKeys.createdAt));
}

export async function countKeys(d: Db, accountId: string): Promise<number> {
  const [row] = await d
    .select({ n: count() })
    .from(apiKeys)
    .where(eq(apiKeys.accountId, accountId));
  return row?.n ?? 0;
}

/**
 * Deletes the key unless it is the account's last one, in one statement so two concurrent
 * revocations cannot both pass a separate count check. Returns how many rows went.
 */
export async function deleteKeyUnlessLast(
  d: Db,
  accountId: string,
  keyId: string,
): Promise<number> {
  const res = await d.run(sql`DELETE FROM api_keys WHERE id = ${keyId} AND account_id = ${accountId}
    AND (SELECT COUNT(*) FROM api_keys WHERE account_id = ${accountId}) > 1`);
  return res.meta.changes;
}

/** Records use at most once a minute so a busy key does not turn every call into a write. */
export async function touchKey(d: Db, keyId: string, now: Date): Promise<void> {
  const cutoff = new Date(now.getTime() - 60_000).toISOString();
  await d
    .update(apiKeys)
    .set({ lastUsedAt: now.toISOString() })
    .where(
      and(eq(apiKeys.id, keyId), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, cutoff))),
    );
}
