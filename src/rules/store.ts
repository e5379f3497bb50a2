import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { connectionEndpoints, rules } from "../db/schema";

export type RuleRow = typeof rules.$inferSelect;

export async function listRuleRows(d: Db, endpointId: string): Promise<RuleRow[]> {
  return d
    .select()
    .from(rules)
    .where(eq(rules.endpointId, endpointId))
    .orderBy(asc(rules.position));
}

/**
 * Appends a rule unless the endpoint already holds `maxRules`, in one statement so concurrent
 * appends cannot pass a separate count check together. Returns false when the cap held it back.
 */
export async function appendRule(
  d: Db,
  row: {
    id: string;
    endpointId: string;
    accountId: string;
    definition: string;
    connectionId: string | null;
  },
  maxRules: number,
): Promise<boolean> {
  const res = await d.run(sql`
    INSERT INTO rules (id, endpoint_id, account_id, position, definition, connection_id)
    SELECT ${row.id}, ${row.endpointId}, ${row.accountId},
      COALESCE((SELECT MAX(position) FROM rules WHERE endpoint_id = ${row.endpointId}), -1) + 1,
      ${row.definition}, ${row.connectionId}
    WHERE (SELECT COUNT(*) FROM rules WHERE endpoint_id = ${row.endpointId}) < ${maxRules}`);
  return res.meta.changes > 0;
}

export async function replaceRule(
  d: Db,
  endpointId: string,
  id: string,
  definition: string,
  connectionId: string | null,
  now: string,
): Promise<RuleRow | undefined> {
  const [row] = await d
    .update(rules)
    .set({ definition, connectionId, updatedAt: now })
    .where(and(eq(rules.endpointId, endpointId), eq(rules.id, id)))
    .returning();
  return row;
}

export async function deleteRule(d: Db, endpointId: string, id: string): Promise<boolean> {
  const res = await d
    .delete(rules)
    .where(and(eq(rules.endpointId, endpointId), eq(rules.id, id)))
    .returning({ id: rules.id });
  return res.length > 0;
}

/** Rewrites every position in one D1 batch, which is one transaction. */
export async function setOrder(d: Db, endpointId: string, ids: readonly string[]): Promise<void> {
  const [first, ...rest] = ids.map((id, position) =>
    d
      .update(rules)
      .set({ position })
      .where(and(eq(rules.endpointId, endpointId), eq(rules.id, id))),
  );
  if (!first) return;
  await d.batch([first, ...rest]);
}

export async function isConnectionShared(
  d: Db,
  accountId: string,
  connectionId: string,
  endpointId: string,
): Promise<boolean> {
  const row = await d.query.connectionEndpoints.findFirst({
    where: and(
      eq(connectionEndpoints.accountId, accountId),
      eq(connectionEndpoints.connectionId, connectionId),
      eq(connectionEndpoints.endpointId, endpointId),
    ),
  });
  return row !== undefined;
}
