import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../db/client";
import { connectionEndpoints, connections, endpoints, rules } from "../db/schema";

export type ConnectionRow = typeof connections.$inferSelect;
type NewConnectionRow = typeof connections.$inferInsert;

/** D1 binds at most 100 parameters per statement; a share row binds 3. */
const SHARE_ROWS_PER_STATEMENT = 30;

function shareInserts(d: Db, accountId: string, connectionId: string, endpointIds: string[]) {
  const out: BatchItem<"sqlite">[] = [];
  for (let i = 0; i < endpointIds.length; i += SHARE_ROWS_PER_STATEMENT) {
    const chunk = endpointIds.slice(i, i + SHARE_ROWS_PER_STATEMENT);
    out.push(
      d
        .insert(connectionEndpoints)
        .values(chunk.map((endpointId) => ({ connectionId, endpointId, accountId }))),
    );
  }
  return out;
}

/** Inserts the connection and its shares in one batch: one transaction, all or nothing. */
export async function insertConnection(
  d: Db,
  row: NewConnectionRow,
  endpointIds: string[],
): Promise<void> {
  await d.batch([
    d.insert(connections).values(row),
    ...shareInserts(d, row.accountId, row.id, endpointIds),
  ]);
}

/** Updates fields, bumps the version and (when given) replaces the shares, in one batch. */
export async function updateConnection(
  d: Db,
  accountId: string,
  id: string,
  fields: Partial<NewConnectionRow>,
  endpointIds: string[] | undefined,
): Promise<void> {
  const update = d
    .update(connections)
    .set({ ...fields, version: sql`${connections.version} + 1` })
    .where(and(eq(connections.id, id), eq(connections.accountId, accountId)));
  const shares =
    endpointIds === undefined
      ? []
      : [
          d.delete(connectionEndpoints).where(eq(connectionEndpoints.connectionId, id)),
          ...shareInserts(d, accountId, id, endpointIds),
        ];
  await d.batch([update, ...shares]);
}

export async function setLastTest(d: Db, id: string, lastTest: string): Promise<void> {
  await d.update(connections).set({ lastTest }).where(eq(connections.id, id));
}

export async function findConnection(
  d: Db,
  accountId: string,
  id: string,
): Promise<ConnectionRow | undefined> {
  return d.query.connections.findFirst({
    where: and(eq(connections.id, id), eq(connections.accountId, accountId)),
  });
}

export async function listConnections(
  d: Db,
  accountId: string,
  sharedWithEndpointId?: string,
): Promise<ConnectionRow[]> {
  const where: SQL[] = [eq(connections.accountId, accountId)];
  if (sharedWithEndpointId) {
    where.push(
      sql`${connections.id} IN (SELECT connection_id FROM connection_endpoints
        WHERE endpoint_id = ${sharedWithEndpointId})`,
    );
  }
  return d
    .select()
    .from(connections)
    .where(and(...where))
    .orderBy(asc(connections.displayName));
}

/** Endpoint names each connection is shared with. */
export async function sharedNames(d: Db, connectionIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (connectionIds.length === 0) return out;
  const rows = await d
    .select({ connectionId: connectionEndpoints.connectionId, name: endpoints.name })
    .from(connectionEndpoints)
    .innerJoin(endpoints, eq(endpoints.id, connectionEndpoints.endpointId))
    .where(inArray(connectionEndpoints.connectionId, connectionIds.slice(0, 90)))
    .orderBy(asc(endpoints.name));
  for (const row of rows)
    out.set(row.connectionId, [...(out.get(row.connectionId) ?? []), row.name]);
  return out;
}

export async function endpointIdsByName(
  d: Db,
  accountId: string,
  names: string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < names.length; i += 90) {
    const rows = await d
      .select({ id: endpoints.id, name: endpoints.name })
      .from(endpoints)
      .where(
        and(eq(endpoints.accountId, accountId), inArray(endpoints.name, names.slice(i, i + 90))),
      );
    for (const row of rows) out.set(row.name, row.id);
  }
  return out;
}

export async function rulesUsing(d: Db, accountId: string, connectionId: string) {
  return d
    .select({ id: rules.id, endpoint: endpoints.name })
    .from(rules)
    .innerJoin(endpoints, eq(endpoints.id, rules.endpointId))
    .where(and(eq(rules.accountId, accountId), eq(rules.connectionId, connectionId)));
}

/** Deletes the connection unless a rule uses it, checked in the same statement. */
export async function deleteUnlessUsed(d: Db, accountId: string, id: string): Promise<boolean> {
  const res = await d.run(sql`DELETE FROM connections WHERE id = ${id} AND account_id = ${accountId}
    AND NOT EXISTS (SELECT 1 FROM rules WHERE connection_id = ${id})`);
  return res.meta.changes > 0;
}
