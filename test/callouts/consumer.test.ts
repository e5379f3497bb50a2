import { afterEach, beforeEach, describe, it, vi } from "vitest";
import { MAX_RETRY_AFTER_SECONDS } from "../../src/outbound/classify";
import {
  calloutOf,
  consume,
  endless,
  fakeNetwork,
  hang,
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

describe("callout consumer", () => {
  it("acks the good messages and retries only the one whose target answered 500 (test 26)", async ({
    expect,
  }) => {
    const net = fakeNetwork((req) =>
      req.url.endsWith("/two")
        ? new Response("down", { status: 500 })
        : new Response(null, { status: 204 }),
    );
    const [m1, m2, m3] = await Promise.all(
      ["/one", "/two", "/three"].map((p) => queuedMessage(s, { url: `https://receiver.test${p}` })),
    );
    if (!m1 || !m2 || !m3) throw new Error("setup");
    const result = await consume([{ msg: m1 }, { msg: m2 }, { msg: m3 }]);
    expect(result.explicitAcks.sort()).toEqual(["m1", "m3"]);
    expect(result.retryMessages.map((r) => r.msgId)).toEqual(["m2"]);
    expect(result.retryBatch.retry).toBe(false);
    expect(net.received.filter((r) => r.url.endsWith("/one"))).toHaveLength(1);
    expect((await calloutOf(s, m1.calloutId))?.state).toBe("delivered");
    expect((await calloutOf(s, m2.calloutId))?.state).toBe("retrying");
  });

  it("sends the same Idempotency-Key and body bytes on a redelivery after a 500 (test 22)", async ({
    expect,
  }) => {
    const net = fakeNetwork((_req, i) =>
      i === 0 ? new Response("oops", { status: 500 }) : new Response("ok", { status: 200 }),
    );
    const msg = await queuedMessage(s);
    const first = await consume([{ msg, attempts: 1 }]);
    const second = await consume([{ msg, attempts: 2 }]);
    expect(first.retryMessages).toHaveLength(1);
    expect(second.explicitAcks).toEqual(["m1"]);
    const [a, b] = net.received;
    expect(a?.headers.get("idempotency-key")).toBe(msg.calloutId);
    expect(b?.headers.get("idempotency-key")).toBe(msg.calloutId);
    expect(b?.body).toBe(a?.body);
    expect(a?.body).toBe(msg.body);
    const rec = await calloutOf(s, msg.calloutId);
    expect(rec?.state).toBe("delivered");
    expect(rec?.attempts.map((x) => [x.attempt, x.status])).toEqual([
      [1, 500],
      [2, 200],
    ]);
  });

  const table: [string, () => Response | Promise<Response>, "ack" | "retry", string, RegExp?][] = [
    ["a 204 answer", () => new Response(null, { status: 204 }), "ack", "delivered"],
    [
      "a 301 answer",
      () => new Response(null, { status: 301, headers: { location: "http://10.0.0.1/" } }),
      "ack",
      "failed",
      /redirects are not followed/,
    ],
    ["a 400 answer", () => new Response("bad", { status: 400 }), "ack", "failed", /^400/],
    [
      "a 410 answer",
      () => new Response("gone", { status: 410 }),
      "ack",
      "failed",
      /target is gone/,
    ],
    ["a 408 answer", () => new Response("slow", { status: 408 }), "retry", "retrying"],
    ["a 500 answer", () => new Response("err", { status: 500 }), "retry", "retrying"],
    [
      "a connection reset",
      () => Promise.reject(new Error("Network connection lost.")),
      "retry",
      "retrying",
      /reset/,
    ],
  ];
  for (const [name, answer, verdict, state, error] of table) {
    it(`maps ${name} to ${verdict} and ${state} (test 24)`, async ({ expect }) => {
      const net = fakeNetwork(answer);
      const msg = await queuedMessage(s);
      const result = await consume([{ msg }]);
      if (verdict === "ack") expect(result.explicitAcks).toEqual(["m1"]);
      else expect(result.retryMessages.map((r) => r.msgId)).toEqual(["m1"]);
      const rec = await calloutOf(s, msg.calloutId);
      expect(rec?.state).toBe(state);
      if (error) expect(rec?.attempts[0]?.error ?? rec?.error).toMatch(error);
      // Redirects are never followed: one request only.
      expect(net.received).toHaveLength(1);
    });
  }

  it("honours Retry-After on a 429 and caps it at 12 hours", async ({ expect }) => {
    fakeNetwork(
      (req) =>
        new Response("slow down", {
          status: 429,
          headers: { "retry-after": req.url.endsWith("/long") ? "9999999" : "120" },
        }),
    );
    const short = await queuedMessage(s);
    const long = await queuedMessage(s, { url: "https://receiver.test/long" });
    const result = await consume([{ msg: short }, { msg: long }]);
    expect(result.retryMessages.map((r) => r.msgId).sort()).toEqual(["m1", "m2"]);
    expect(result.delays).toEqual({ m1: 120, m2: MAX_RETRY_AFTER_SECONDS });
  });

  it("retries with growing delays that never exceed 12 hours", async ({ expect }) => {
    fakeNetwork(() => new Response("err", { status: 503 }));
    const msg = await queuedMessage(s, { maxAttempts: 20 });
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 8; attempt += 1) {
      const result = await consume([{ msg, attempts: attempt }], { random: () => 0.5 });
      delays.push(result.delays.m1 ?? -1);
    }
    expect(delays.every((d) => d > 0 && d <= MAX_RETRY_AFTER_SECONDS)).toBe(true);
    expect(delays.slice(0, 6)).toEqual([...delays.slice(0, 6)].sort((a, b) => a - b));
    expect(delays[0]).toBeLessThan(delays[3] ?? 0);
    expect(delays[7]).toBe(MAX_RETRY_AFTER_SECONDS);
  });

  it("records the callout failed and acks after its last allowed attempt", async ({ expect }) => {
    fakeNetwork(() => new Response("err", { status: 500 }));
    const msg = await queuedMessage(s, { maxAttempts: 3 });
    const result = await consume([{ msg, attempts: 3 }]);
    expect(result.explicitAcks).toEqual(["m1"]);
    expect(result.retryMessages).toEqual([]);
    const rec = await calloutOf(s, msg.calloutId);
    expect(rec?.state).toBe("failed");
    expect(rec?.error).toMatch(/gave up after 3 attempts/);
  });

  it("stores only the first 64 KB of a huge response and cancels the rest (test 28)", async ({
    expect,
  }) => {
    const body = endless(new Uint8Array(16 * 1024).fill(97));
    fakeNetwork(() => new Response(body.stream, { status: 200 }));
    const msg = await queuedMessage(s);
    const result = await consume([{ msg }]);
    expect(result.explicitAcks).toEqual(["m1"]);
    const attempt = (await calloutOf(s, msg.calloutId))?.attempts[0];
    expect(attempt?.responseBody?.length).toBe(64 * 1024);
    expect(attempt?.responseBodyTruncated).toBe(true);
    expect(body.state.cancelled).toBe(true);
  });

  it("aborts a send to a target that hangs and retries it (test 27)", async ({ expect }) => {
    fakeNetwork(() => hang());
    const msg = await queuedMessage(s);
    const result = await consume([{ msg }], { timeoutMs: 50 });
    expect(result.retryMessages.map((r) => r.msgId)).toEqual(["m1"]);
    const rec = await calloutOf(s, msg.calloutId);
    expect(rec?.attempts[0]?.error).toMatch(/timeout/);
  });

  it("aborts a body that trickles past the deadline", async ({ expect }) => {
    const slow = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((r) => setTimeout(r, 20));
        controller.enqueue(new Uint8Array([97]));
      },
    });
    fakeNetwork(() => new Response(slow, { status: 500 }));
    const msg = await queuedMessage(s);
    const result = await consume([{ msg }], { timeoutMs: 100 });
    expect(result.retryMessages.map((r) => r.msgId)).toEqual(["m1"]);
    const attempt = (await calloutOf(s, msg.calloutId))?.attempts[0];
    expect(attempt?.status).toBe(500);
    expect(attempt?.error).toMatch(/could not be read/);
  });

  it("never has more than 6 sends in flight for a batch of 20", async ({ expect }) => {
    const net = fakeNetwork(async () => {
      await new Promise((r) => setTimeout(r, 10));
      return new Response(null, { status: 204 });
    });
    const msgs = await Promise.all(Array.from({ length: 20 }, () => queuedMessage(s)));
    const result = await consume(msgs.map((msg) => ({ msg })));
    expect(result.explicitAcks).toHaveLength(20);
    expect(net.received).toHaveLength(20);
    expect(net.inFlight.max).toBeLessThanOrEqual(6);
    expect(net.inFlight.max).toBeGreaterThan(1);
  });

  it("acks a message of an unknown shape instead of retrying it forever", async ({ expect }) => {
    const net = fakeNetwork(() => new Response(null, { status: 204 }));
    const msg = await queuedMessage(s);
    const broken = { ...msg, url: 42 } as unknown as typeof msg;
    const result = await consume([{ msg: broken }]);
    expect(result.explicitAcks).toEqual(["m1"]);
    expect(net.received).toHaveLength(0);
  });

  it("writes one JSON log line per attempt with ids and outcome", async ({ expect }) => {
    fakeNetwork(() => new Response(null, { status: 204 }));
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: unknown) => {
      lines.push(String(line));
    });
    const msg = await queuedMessage(s);
    await consume([{ msg }]);
    const attempts = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === "callout attempt");
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({
      calloutId: msg.calloutId,
      endpointId: s.endpointId,
      ruleId: msg.ruleId,
      attempt: 1,
      status: 204,
      outcome: "delivered",
    });
  });
});
