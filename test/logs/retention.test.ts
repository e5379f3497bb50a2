import { runInDurableObject } from "cloudflare:test";
import { describe, it } from "vitest";
import { createEndpoint, signUp } from "../helpers";
import {
  calloutRecord,
  calloutsOf,
  endpointIdOf,
  logOf,
  requestRecord,
  requestsOf,
} from "./support";

const LIMIT = 1000;
const WRITTEN = LIMIT + 7;

async function allPages<T>(read: (query: string) => Promise<{ items: T[]; next: string | null }>) {
  const items: T[] = [];
  let query = "?limit=200";
  for (;;) {
    const page = await read(query);
    items.push(...page.items);
    if (!page.next) return items;
    query = `?limit=200&before=${encodeURIComponent(page.next)}`;
  }
}

describe("history retention", () => {
  it("keeps only the newest 1000 requests and 1000 callouts, newest first", async ({ expect }) => {
    const { key } = await signUp();
    const name = await createEndpoint(key);
    const stub = logOf(await endpointIdOf(key, name));
    // Writes go straight into the object (no RPC per record) to keep the test quick.
    await runInDurableObject(stub, async (log) => {
      for (let n = 1; n <= WRITTEN; n += 1) {
        await log.recordRequest(requestRecord(n));
        await log.upsertCallout(
          calloutRecord(n, {
            attempts: [{ attempt: 1, at: "2026-01-01T00:00:00.000Z", durationMs: 1 }],
          }),
        );
      }
    });

    const requests = await allPages(async (q) => {
      const page = await requestsOf(key, name, q);
      return { items: page.requests, next: page.next };
    });
    expect(requests).toHaveLength(LIMIT);
    expect(requests[0]?.id).toBe(`req_test${WRITTEN}`);
    expect(requests[LIMIT - 1]?.id).toBe(`req_test${WRITTEN - LIMIT + 1}`);
    expect(new Set(requests.map((r) => r.id)).size).toBe(LIMIT);

    const callouts = await allPages(async (q) => {
      const page = await calloutsOf(key, name, q);
      return { items: page.callouts, next: page.next };
    });
    expect(callouts).toHaveLength(LIMIT);
    expect(callouts[0]?.id).toBe(`co_test${WRITTEN}`);
    expect(callouts[LIMIT - 1]?.id).toBe(`co_test${WRITTEN - LIMIT + 1}`);

    // Trimmed callouts take their attempts with them.
    const attemptRows = await runInDurableObject(stub, (_log, state) => {
      const row = state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM attempts").one();
      return row.n;
    });
    expect(attemptRows).toBe(LIMIT);
  });
});
