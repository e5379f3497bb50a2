import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { endpoints } from "../db/schema";

export type EndpointRow = typeof endpoints.$inferSelect;

export async function insertEndpoint(
  d: Db,
  row: { id: string; accountId: string; name: string; defaultResponse: string },
): Promise<EndpointRow | null> {
  // ON CONFLICT DO NOTHING turns a taken name into "no row" instead of a thrown driver error.
  const [inserted] = await d.insert(endpoints).values(row).onConflictDoNothing().returning();
  return inserted ?? null;
}

export async function listEndpoints(d: Db, accountId: string): Promise<EndpointRow[]> {
  return d
    .select()
    .from(endpoints)
    .where(eq(endpoints.accountId, accountId))
    .orderBy(asc(endpoints.name));
}

export async function findEndpoint(
  d: Db,
  accountId: string,
  name: string,
): Promise<EndpointRow | undefined> {
  return d.query.endpoints.findFirst({
    where: and(eq(endpoints.accountId, accountId), eq(endpoints.name, name)),
  });
}

export async function updateDefaultResponse(
  d: Db,
  id: string,
  defaultResponse: string,
  now: string,
): Promise<EndpointRow | undefined> {
  const [row] = await d
    .update(endpoints)
    .set({ defaultResponse, updatedAt: now })
    .where(eq(endpoints.id, id))
    .returning();
  return row;
}

export async function deleteEndpoint(d: Db, id: string): Promise<void> {
  await d.delete(endpoints).where(eq(endpoints.id, id));
}
