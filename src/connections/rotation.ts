/**
 * @module Re-encrypts connection secrets under the keyring's primary key after a rotation.
 *
 * Runs from the hourly cron trigger (all accounts, a bounded batch per run) and from
 * `POST /api/v1/account/reencrypt` (the caller's account, at once). Each row is rewritten with
 * compare-and-swap on the old ciphertext, so a concurrent edit always wins and is never undone.
 * Cached tokens need nothing: a TokenBroker that cannot read its cache just asks for a new token.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { connections } from "../db/schema";
import { log } from "../http/log";
import { decryptField, encryptField, needsReencryption, type Keyring } from "./crypto";
import { secretContext } from "./secret-context";

export interface RotationReport {
  /** Rows now under the primary key that were not before. */
  reencrypted: number;
  /** Rows another writer changed first: left alone, already current. */
  skipped: number;
  /** Rows whose key is gone or whose blob does not authenticate. */
  failed: { id: string; reason: string }[];
  /** True when more rows may still need a pass (the batch was full). */
  more: boolean;
}

export async function reencryptSecrets(
  d: Db,
  keyring: Keyring,
  options: { accountId?: string; limit?: number } = {},
): Promise<RotationReport> {
  const limit = options.limit ?? 200;
  const prefix = `v1.${keyring.primaryKid}.`;
  // substr, not LIKE: a key id may contain "_", which LIKE reads as a wildcard.
  const stale = sql`substr(${connections.clientSecretEnc}, 1, ${prefix.length}) <> ${prefix}`;
  const where = options.accountId
    ? and(stale, eq(connections.accountId, options.accountId))
    : stale;
  const rows = await d
    .select({
      id: connections.id,
      accountId: connections.accountId,
      blob: connections.clientSecretEnc,
    })
    .from(connections)
    .where(where)
    .limit(limit);
  const report: RotationReport = {
    reencrypted: 0,
    skipped: 0,
    failed: [],
    more: rows.length === limit,
  };
  for (const row of rows) {
    if (!needsReencryption(keyring, row.blob)) continue;
    const context = secretContext(row.accountId, row.id);
    let fresh: string;
    try {
      fresh = await encryptField(keyring, await decryptField(keyring, row.blob, context), context);
    } catch (err) {
      report.failed.push({ id: row.id, reason: err instanceof Error ? err.message : String(err) });
      continue;
    }
    const updated = await d
      .update(connections)
      .set({ clientSecretEnc: fresh })
      .where(and(eq(connections.id, row.id), eq(connections.clientSecretEnc, row.blob)))
      .returning({ id: connections.id });
    if (updated.length > 0) report.reencrypted += 1;
    else report.skipped += 1;
  }
  log(report.failed.length > 0 ? "warn" : "info", "secret re-encryption", {
    accountId: options.accountId ?? null,
    primaryKid: keyring.primaryKid,
    reencrypted: report.reencrypted,
    skipped: report.skipped,
    failed: report.failed.map((f) => f.id),
  });
  return report;
}
