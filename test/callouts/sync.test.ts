import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, beforeEach, describe, it, vi } from "vitest";
import { serveSyncCallout } from "../../src/callouts/sync";
import { endpointLogFor } from "../../src/logs/client";
import type { CalloutRecord } from "../../src/logs/types";
import { loadEndpointConfig } from "../../src/mock/config";
import { addRule, hit } from "../helpers";
import { RECEIVER, createConnection, fakeNetwork, hang, setup, type Setup } from "./support";

let s: Setup;
beforeEach(async () => {
  s = await setup();
});
afterEach(() => {
  vi.restoreAllMocks();
});

function syncRule(url: string, extra: Record<string, unknown> = {}) {
  return {
    match: { method: "ANY", path: { op: "prefix", value: "/" } },
    callout: {
      mode: "sync",
      request: {
        method: "POST",
        url,
        headers: { "content-type": "application/json", "x-order": "{{body 'id'}}" },
        body: '{"order":"{{body \'id\'}}"}',
      },
      ...extra,
    },
  };
}

/** History is written in waitUntil, after the response; poll until it shows up. */
async function settledCallout(s: Setup): Promise<CalloutRecord> {
  for (let i = 0; i < 50; i += 1) {
    const page = await endpointLogFor(env, s.endpointId).listCallouts({ limit: 5 });
    const found = page.items[0];
    if (found && found.state !== "queued" && found.attempts.length > 0) return found;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("no settled callout in history");
}

describe("sync callouts", () => {
  it("relays the target's status, end-to-end headers and body to the client", async ({
    expect,
  }) => {
    const net = fakeNetwork(
      () =>
        new Response("created 7", {
          status: 201,
          headers: { "x-upstream": "yes", "keep-alive": "timeout=5", "content-type": "text/plain" },
        }),
    );
    await addRule(s.key, s.endpoint, syncRule(RECEIVER));
    const res = await hit(s.endpoint, "/orders", { method: "POST", json: { id: 7 } });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-upstream")).toBe("yes");
    expect(res.headers.get("keep-alive")).toBeNull();
    expect(await res.text()).toBe("created 7");
    const sent = net.received[0];
    expect(sent?.body).toBe('{"order":"7"}');
    expect(sent?.headers.get("x-order")).toBe("7");
    const rec = await settledCallout(s);
    expect(rec.mode).toBe("sync");
    expect(rec.state).toBe("delivered");
    expect(sent?.headers.get("idempotency-key")).toBe(rec.id);
    expect(rec.attempts).toHaveLength(1);
    expect(rec.attempts[0]).toMatchObject({ status: 201, responseBody: "created 7" });
  });

  it("streams a large answer whole to the client and keeps 64 KB for history", async ({
    expect,
  }) => {
    const big = "x".repeat(200 * 1024);
    fakeNetwork(() => new Response(big, { status: 200 }));
    await addRule(s.key, s.endpoint, syncRule(RECEIVER));
    const res = await hit(s.endpoint, "/", { method: "POST", json: { id: 1 } });
    expect((await res.text()).length).toBe(big.length);
    const rec = await settledCallout(s);
    expect(rec.attempts[0]?.responseBody?.length).toBe(64 * 1024);
    expect(rec.attempts[0]?.responseBodyTruncated).toBe(true);
  });

  it("answers 504 problem+json when the target does not answer in time", async ({ expect }) => {
    fakeNetwork(() => hang());
    await addRule(s.key, s.endpoint, syncRule(RECEIVER));
    const config = await loadEndpointConfig(env.DB, s.endpoint);
    const rule = config?.rules[0];
    if (!config || !rule) throw new Error("setup");
    const ctx = createExecutionContext();
    const res = await serveSyncCallout({
      env,
      ctx,
      config,
      rule,
      requestId: "req_test",
      treq: {
        method: "POST",
        path: "/",
        query: new URLSearchParams(),
        headers: new Headers({ "content-type": "application/json" }),
        body: '{"id":3}',
        pathParams: {},
      },
      timeoutMs: 50,
    });
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(504);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toMatchObject({ code: "callout_timeout" });
    const rec = await settledCallout(s);
    expect(rec.state).toBe("failed");
    expect(rec.attempts[0]?.error).toMatch(/timeout/);
  });

  it("answers 502 problem+json when the connection cannot get a token", async ({ expect }) => {
    const net = fakeNetwork(
      () => new Response("never", { status: 200 }),
      () => Response.json({ error: "invalid_client" }, { status: 401 }),
    );
    const connectionId = await createConnection(s.key, [s.endpoint]);
    await addRule(s.key, s.endpoint, syncRule(RECEIVER, { connectionId }));
    const res = await hit(s.endpoint, "/", { method: "POST", json: { id: 1 } });
    expect(res.status).toBe(502);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const problem = await res.json<{ code: string; detail: string }>();
    expect(problem.code).toBe("callout_failed");
    expect(problem.detail).toMatch(/token/);
    expect(net.received).toHaveLength(0);
    // Waiting for the record also keeps its write inside this test (not after teardown).
    const rec = await settledCallout(s);
    expect(rec.state).toBe("failed");
  });

  it("refreshes the token after a 401 and relays the second answer", async ({ expect }) => {
    const net = fakeNetwork((req) =>
      req.headers.get("authorization") === "Bearer tok-1"
        ? new Response("stale", { status: 401 })
        : new Response("fresh", { status: 200 }),
    );
    const connectionId = await createConnection(s.key, [s.endpoint]);
    await addRule(s.key, s.endpoint, syncRule(RECEIVER, { connectionId }));
    const res = await hit(s.endpoint, "/", { method: "POST", json: { id: 1 } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("fresh");
    expect(net.received).toHaveLength(2);
    expect(net.received[1]?.body).toBe(net.received[0]?.body);
    const rec = await settledCallout(s);
    expect(rec.attempts.map((a) => a.status)).toEqual([401, 200]);
  });

  it("stops a rule that calls its own endpoint with 508 after 5 hops, without the network", async ({
    expect,
  }) => {
    const net = fakeNetwork(() => new Response("never", { status: 200 }));
    await addRule(s.key, s.endpoint, syncRule(`http://localhost:8787/e/${s.endpoint}/again`));
    const res = await hit(s.endpoint, "/", { method: "POST", json: { id: 1 } });
    expect(res.status).toBe(508);
    expect(await res.json()).toMatchObject({ code: "callout_failed" });
    expect(net.spy).not.toHaveBeenCalled();
    const rec = await settledCallout(s);
    expect(rec.state).toBe("failed");
  });
});
