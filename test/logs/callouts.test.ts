import { describe, it } from "vitest";
import { call, createEndpoint, signUp } from "../helpers";
import { calloutRecord, calloutsOf, endpointIdOf, logOf } from "./support";

describe("callout history", () => {
  it("lists a callout with its attempts in order and its latest state", async ({ expect }) => {
    const { key } = await signUp();
    const name = await createEndpoint(key);
    const stub = logOf(await endpointIdOf(key, name));
    await stub.upsertCallout(
      calloutRecord(1, {
        connectionId: "conn_1",
        requestHeaders: { Authorization: "Bearer tok-secret", "idempotency-key": "co_test1" },
      }),
    );
    const first = { attempt: 1, at: "2026-01-01T00:00:01.000Z", status: 503, durationMs: 12 };
    const second = {
      attempt: 2,
      at: "2026-01-01T00:00:05.000Z",
      status: 200,
      durationMs: 8,
      responseHeaders: { "set-cookie": "sid=receiver-secret", "content-type": "text/plain" },
      responseBody: "y".repeat(70_000),
    };
    await stub.addAttempt("co_test1", first, "retrying");
    await stub.addAttempt("co_test1", second, "delivered");
    // A redelivered report of the same attempt is stored once.
    await stub.addAttempt("co_test1", second, "delivered");

    const page = await calloutsOf(key, name);
    expect(page.next).toBeNull();
    expect(page.callouts).toHaveLength(1);
    const c = page.callouts[0];
    expect(c).toMatchObject({
      id: "co_test1",
      ruleId: "rule_test",
      requestId: "req_test1",
      connectionId: "conn_1",
      state: "delivered",
      requestHeaders: { authorization: "Bearer [redacted]", "idempotency-key": "co_test1" },
    });
    expect(c?.attempts.map((a) => [a.attempt, a.status])).toEqual([
      [1, 503],
      [2, 200],
    ]);
    expect(c?.attempts[1]?.responseHeaders).toEqual({
      "set-cookie": "[redacted]",
      "content-type": "text/plain",
    });
    expect(c?.attempts[1]?.responseBody).toHaveLength(64 * 1024);
    expect(c?.attempts[1]?.responseBodyTruncated).toBe(true);
    expect(JSON.stringify(page)).not.toMatch(/tok-secret|receiver-secret/);
  });

  it("records why a callout failed and keeps its attempts when it is upserted again", async ({
    expect,
  }) => {
    const { key } = await signUp();
    const name = await createEndpoint(key);
    const stub = logOf(await endpointIdOf(key, name));
    await stub.upsertCallout(calloutRecord(2));
    const attempt = {
      attempt: 1,
      at: "2026-01-01T00:00:01.000Z",
      error: "timeout",
      durationMs: 30,
    };
    await stub.addAttempt("co_test2", attempt, "failed", "timed out after 10 attempts");
    expect(await stub.getCallout("co_test2")).toMatchObject({
      state: "failed",
      error: "timed out after 10 attempts",
      attempts: [{ attempt: 1, error: "timeout" }],
    });
    // Attempts in an upsert of an existing callout are ignored; the stored ones stay.
    await stub.upsertCallout(calloutRecord(2, { state: "failed", error: "gave up", attempts: [] }));
    expect(await stub.getCallout("co_test2")).toMatchObject({
      error: "gave up",
      attempts: [{ attempt: 1 }],
    });
  });

  it("pages callouts newest first and answers 404 to another account", async ({ expect }) => {
    const { key } = await signUp();
    const name = await createEndpoint(key);
    const stub = logOf(await endpointIdOf(key, name));
    for (let n = 1; n <= 3; n += 1) await stub.upsertCallout(calloutRecord(n));
    const one = await calloutsOf(key, name, "?limit=2");
    expect(one.callouts.map((c) => c.id)).toEqual(["co_test3", "co_test2"]);
    const two = await calloutsOf(key, name, `?limit=2&before=${one.next ?? ""}`);
    expect(two.callouts.map((c) => c.id)).toEqual(["co_test1"]);
    expect(two.next).toBeNull();

    const other = await signUp();
    expect((await call(`/api/v1/endpoints/${name}/callouts`, { key: other.key })).status).toBe(404);
  });
});
