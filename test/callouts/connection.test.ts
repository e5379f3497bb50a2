import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { afterEach, beforeEach, describe, it, vi } from "vitest";
import { consumeDeadLetters } from "../../src/callouts/consumer";
import type { CalloutMessage } from "../../src/callouts/message";
import { endpointLogFor } from "../../src/logs/client";
import { call, createEndpoint, uniqueName } from "../helpers";
import {
  calloutOf,
  consume,
  createConnection,
  fakeNetwork,
  queuedMessage,
  setup,
  type Setup,
} from "./support";

let s: Setup;
beforeEach(async () => {
  s = await setup();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("callouts with an API connection", () => {
  it("sends exactly `Authorization: Bearer <token>` and never records or logs it", async ({
    expect,
  }) => {
    const net = fakeNetwork(() => new Response(null, { status: 204 }));
    const connectionId = await createConnection(s.key, [s.endpoint]);
    const msg = await queuedMessage(s, { connectionId });
    const lines: string[] = [];
    for (const level of ["log", "warn", "error"] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        lines.push(args.map(String).join(" "));
      });
    }
    const result = await consume([{ msg }]);
    expect(result.explicitAcks).toEqual(["m1"]);
    expect(net.received[0]?.headers.get("authorization")).toMatch(/^Bearer tok-\d+$/);
    const rec = await calloutOf(s, msg.calloutId);
    expect(JSON.stringify(rec)).not.toMatch(/tok-\d/);
    expect(lines.some((l) => l.includes("callout attempt"))).toBe(true);
    expect(lines.join("\n")).not.toMatch(/tok-\d/);
  });

  it("refuses without a token when the share was revoked after enqueue (test 36)", async ({
    expect,
  }) => {
    const net = fakeNetwork(() => new Response(null, { status: 204 }));
    const other = await createEndpoint(s.key, uniqueName("co"));
    const connectionId = await createConnection(s.key, [s.endpoint, other]);
    const msg = await queuedMessage(s, { connectionId });
    const patch = await call(`/api/v1/connections/${connectionId}`, {
      method: "PATCH",
      key: s.key,
      json: { endpoints: [other] },
    });
    expect(patch.status).toBe(200);
    const minted = net.tokensMinted();
    const result = await consume([{ msg }]);
    expect(result.explicitAcks).toEqual(["m1"]);
    expect(net.received).toHaveLength(0);
    expect(net.tokensMinted()).toBe(minted);
    const rec = await calloutOf(s, msg.calloutId);
    expect(rec?.state).toBe("failed");
    expect(rec?.error).toMatch(/^connection_not_shared/);
  });

  it("refuses when the connection was deleted after enqueue", async ({ expect }) => {
    const net = fakeNetwork(() => new Response(null, { status: 204 }));
    const connectionId = await createConnection(s.key, [s.endpoint]);
    const msg = await queuedMessage(s, { connectionId });
    const del = await call(`/api/v1/connections/${connectionId}`, { method: "DELETE", key: s.key });
    expect(del.status).toBe(204);
    const result = await consume([{ msg }]);
    expect(result.explicitAcks).toEqual(["m1"]);
    expect(net.received).toHaveLength(0);
    expect((await calloutOf(s, msg.calloutId))?.error).toMatch(/^connection_deleted/);
  });

  it("refuses a target host outside the connection's allowedHosts (test 30)", async ({
    expect,
  }) => {
    const net = fakeNetwork(() => new Response(null, { status: 204 }));
    const connectionId = await createConnection(s.key, [s.endpoint], {
      allowedHosts: ["api.partner.test"],
    });
    const msg = await queuedMessage(s, { connectionId, url: "https://attacker.test/steal" });
    const result = await consume([{ msg }]);
    expect(result.explicitAcks).toEqual(["m1"]);
    expect(net.received).toHaveLength(0);
    expect((await calloutOf(s, msg.calloutId))?.error).toMatch(/^host_not_allowed/);
  });

  it("refreshes the token once after a 401 and resends in the same attempt (test 11)", async ({
    expect,
  }) => {
    const net = fakeNetwork((req) =>
      req.headers.get("authorization") === "Bearer tok-1"
        ? new Response("expired", {
            status: 401,
            headers: { "www-authenticate": 'Bearer error="invalid_token"' },
          })
        : new Response("ok", { status: 200 }),
    );
    const connectionId = await createConnection(s.key, [s.endpoint]);
    const msg = await queuedMessage(s, { connectionId });
    const result = await consume([{ msg }]);
    expect(result.explicitAcks).toEqual(["m1"]);
    expect(net.received.map((r) => r.headers.get("authorization"))).toEqual([
      "Bearer tok-1",
      "Bearer tok-2",
    ]);
    expect(net.received[1]?.body).toBe(net.received[0]?.body);
    const rec = await calloutOf(s, msg.calloutId);
    expect(rec?.state).toBe("delivered");
    expect(rec?.attempts.map((a) => a.status)).toEqual([401, 200]);
  });

  it("fails without looping when the refreshed token gets a 401 too", async ({ expect }) => {
    const net = fakeNetwork(() => new Response("no", { status: 401 }));
    const connectionId = await createConnection(s.key, [s.endpoint]);
    const msg = await queuedMessage(s, { connectionId });
    const result = await consume([{ msg }]);
    expect(result.explicitAcks).toEqual(["m1"]);
    expect(net.received).toHaveLength(2);
    const rec = await calloutOf(s, msg.calloutId);
    expect(rec?.state).toBe("failed");
    expect(rec?.error).toMatch(/^401/);
  });

  it("fails with the broker's reason and sends nothing on a permanent token error", async ({
    expect,
  }) => {
    const net = fakeNetwork(
      () => new Response(null, { status: 204 }),
      () => Response.json({ error: "invalid_client" }, { status: 400 }),
    );
    const connectionId = await createConnection(s.key, [s.endpoint]);
    const msg = await queuedMessage(s, { connectionId });
    const result = await consume([{ msg }]);
    expect(result.explicitAcks).toEqual(["m1"]);
    expect(net.received).toHaveLength(0);
    const rec = await calloutOf(s, msg.calloutId);
    expect(rec?.state).toBe("failed");
    expect(rec?.error).toMatch(/^token_failed: invalid_client/);
  });

  it("retries on a transient token error", async ({ expect }) => {
    const net = fakeNetwork(
      () => new Response(null, { status: 204 }),
      () => new Response("busy", { status: 503, headers: { "retry-after": "90" } }),
    );
    const connectionId = await createConnection(s.key, [s.endpoint]);
    const msg = await queuedMessage(s, { connectionId });
    const result = await consume([{ msg }]);
    expect(result.retryMessages.map((r) => r.msgId)).toEqual(["m1"]);
    expect(result.delays.m1).toBeGreaterThanOrEqual(1);
    expect(net.received).toHaveLength(0);
    expect((await calloutOf(s, msg.calloutId))?.state).toBe("retrying");
  });
});

describe("dead-letter consumer", () => {
  async function deadLetter(msg: CalloutMessage) {
    const batch = createMessageBatch<CalloutMessage>("edgemock-callouts-dlq", [
      { id: "d1", timestamp: new Date(), attempts: 1, body: msg },
    ]);
    const ctx = createExecutionContext();
    await consumeDeadLetters(batch, env);
    return getQueueResult(batch, ctx);
  }

  it("records a dead-lettered callout as failed and acks it (test 25)", async ({ expect }) => {
    const msg = await queuedMessage(s);
    const result = await deadLetter(msg);
    expect(result.explicitAcks).toEqual(["d1"]);
    const rec = await calloutOf(s, msg.calloutId);
    expect(rec?.state).toBe("failed");
    expect(rec?.error).toMatch(/gave up after/);
  });

  it("leaves a callout that history shows delivered as it is", async ({ expect }) => {
    const msg = await queuedMessage(s);
    await endpointLogFor(env, s.endpointId).addAttempt(
      msg.calloutId,
      { at: new Date().toISOString(), attempt: 1, status: 200, durationMs: 3 },
      "delivered",
    );
    const result = await deadLetter(msg);
    expect(result.explicitAcks).toEqual(["d1"]);
    expect((await calloutOf(s, msg.calloutId))?.state).toBe("delivered");
  });
});
