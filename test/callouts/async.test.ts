import { env } from "cloudflare:test";
import { afterEach, beforeEach, describe, it, vi } from "vitest";
import { queueDelaySeconds } from "../../src/callouts/enqueue";
import { endpointLogFor } from "../../src/logs/client";
import type { CalloutRecord } from "../../src/logs/types";
import { addRule, createEndpoint, hit, uniqueName } from "../helpers";
import {
  RECEIVER,
  calloutOf,
  consume,
  endpointId,
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

function asyncRule(url: string, request: Record<string, unknown> = {}) {
  return {
    match: { method: "ANY", path: { op: "prefix", value: "/" } },
    response: { status: 202, body: "accepted" },
    callout: {
      mode: "async",
      request: { method: "POST", url, body: "{{{body}}}", ...request },
    },
  };
}

/** Polls the endpoint's callout history until `done` holds (the queue runs on its own). */
async function pollCallout(
  id: string,
  done: (c: CalloutRecord) => boolean,
): Promise<CalloutRecord> {
  let last: CalloutRecord | undefined;
  for (let i = 0; i < 150; i += 1) {
    const page = await endpointLogFor(env, id).listCallouts({ limit: 5 });
    last = page.items[0];
    if (last && done(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`callout not settled; last seen: ${JSON.stringify(last ?? null)}`);
}

describe("async callouts", () => {
  it("delivers through the real local queue after the mock answered", async ({ expect }) => {
    const net = fakeNetwork(() => new Response("thanks", { status: 200 }));
    await addRule(s.key, s.endpoint, asyncRule(RECEIVER));
    const res = await hit(s.endpoint, "/orders", { method: "POST", body: "order=42" });
    expect(res.status).toBe(202);
    expect(await res.text()).toBe("accepted");
    const rec = await pollCallout(s.endpointId, (c) => c.state === "delivered");
    expect(rec.mode).toBe("async");
    expect(rec.attempts[0]?.status).toBe(200);
    expect(net.received).toHaveLength(1);
    expect(net.received[0]?.body).toBe("order=42");
    expect(net.received[0]?.headers.get("idempotency-key")).toBe(rec.id);
  });

  it("records a callout that would pass the hop limit as failed and never sends it", async ({
    expect,
  }) => {
    const net = fakeNetwork(() => new Response(null, { status: 204 }));
    await addRule(s.key, s.endpoint, asyncRule(RECEIVER));
    const res = await hit(s.endpoint, "/", {
      method: "POST",
      body: "x",
      headers: { "x-edgemock-hop": "5" },
    });
    expect(res.status).toBe(202);
    const rec = await pollCallout(s.endpointId, (c) => c.state === "failed");
    expect(rec.error).toMatch(/^hop_limit/);
    expect(net.received).toHaveLength(0);
  });

  it("records a callout whose template fails to render as failed with the reason", async ({
    expect,
  }) => {
    fakeNetwork(() => new Response(null, { status: 204 }));
    await addRule(
      s.key,
      s.endpoint,
      asyncRule(RECEIVER, { body: "{{#repeat 1000}}{{#repeat 1000}}x{{/repeat}}{{/repeat}}" }),
    );
    await hit(s.endpoint, "/", { method: "POST", body: "x" });
    const rec = await pollCallout(s.endpointId, (c) => c.state === "failed");
    expect(rec.error).toMatch(/^template_render_failed/);
  });

  it("records a callout too large for a queue message as failed and never sends it", async ({
    expect,
  }) => {
    const net = fakeNetwork(() => new Response(null, { status: 204 }));
    await addRule(s.key, s.endpoint, asyncRule(RECEIVER));
    await hit(s.endpoint, "/", { method: "POST", body: "y".repeat(200 * 1024) });
    const rec = await pollCallout(s.endpointId, (c) => c.state === "failed");
    expect(rec.error).toMatch(/^message_too_large/);
    expect(net.received).toHaveLength(0);
  });

  it("delivers a callout to another endpoint of this deployment without the network", async ({
    expect,
  }) => {
    const net = fakeNetwork(() => new Response("network", { status: 200 }));
    const inbox = await createEndpoint(s.key, uniqueName("inbox"));
    const inboxId = await endpointId(inbox);
    await addRule(s.key, inbox, {
      match: { method: "POST", path: { op: "exact", value: "/hook" } },
      response: { status: 201, body: "got {{body 'order'}}" },
    });
    const msg = await queuedMessage(s, { url: `http://localhost:8787/e/${inbox}/hook?src=test` });
    const result = await consume([{ msg }]);
    expect(result.explicitAcks).toEqual(["m1"]);
    expect(net.spy).not.toHaveBeenCalled();
    const rec = await calloutOf(s, msg.calloutId);
    expect(rec?.state).toBe("delivered");
    expect(rec?.attempts[0]).toMatchObject({ status: 201, responseBody: "got 42" });
    const requests = await endpointLogFor(env, inboxId).listRequests({ limit: 5 });
    expect(requests.items[0]).toMatchObject({ method: "POST", path: "/hook", status: 201 });
    expect(requests.items[0]?.headers["idempotency-key"]).toBe(msg.calloutId);
    expect(requests.items[0]?.headers["x-edgemock-hop"]).toBe("1");
  });

  it("rounds queue delays up to whole seconds", ({ expect }) => {
    expect([undefined, 0, 1, 999, 1000, 1001, 43_200_000].map(queueDelaySeconds)).toEqual([
      0, 0, 1, 1, 1, 2, 43_200,
    ]);
  });
});
