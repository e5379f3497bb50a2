import { describe, it } from "vitest";
import type { LiveMessage } from "../../src/logs/types";
import { BASE, call, createEndpoint, hit, signUp } from "../helpers";
import { calloutRecord, endpointIdOf, eventually, logOf } from "./support";

async function openLive(name: string, key: string) {
  const res = await call(`${BASE}/api/v1/endpoints/${name}/live?key=${encodeURIComponent(key)}`, {
    headers: { upgrade: "websocket" },
  });
  const ws = res.webSocket;
  if (res.status !== 101 || !ws) throw new Error(`live: ${res.status} ${await res.text()}`);
  const messages: LiveMessage[] = [];
  ws.addEventListener("message", (event) => {
    messages.push(JSON.parse(String(event.data)) as LiveMessage);
  });
  ws.accept();
  return { ws, messages };
}

describe("live feed", () => {
  it("pushes a request message to an open WebSocket after a hit", async ({ expect }) => {
    const { key } = await signUp();
    const name = await createEndpoint(key);
    const { ws, messages } = await openLive(name, key);

    await hit(name, "/live-hit?x=1", { headers: { authorization: "Bearer live-secret" } });
    const got = await eventually(
      () => Promise.resolve(messages),
      (m) => m.length > 0,
    );
    expect(got[0]).toMatchObject({
      type: "request",
      request: {
        path: "/live-hit",
        query: { x: "1" },
        headers: { authorization: "Bearer [redacted]" },
      },
    });
    ws.close(1000, "done");
  });

  it("pushes the whole callout on each attempt", async ({ expect }) => {
    const { key } = await signUp();
    const name = await createEndpoint(key);
    const stub = logOf(await endpointIdOf(key, name));
    const { ws, messages } = await openLive(name, key);

    await stub.upsertCallout(calloutRecord(1));
    await stub.addAttempt(
      "co_test1",
      { attempt: 1, at: new Date().toISOString(), status: 200, durationMs: 5 },
      "delivered",
    );
    const got = await eventually(
      () => Promise.resolve(messages),
      (m) => m.length >= 2,
    );
    expect(got.map((m) => m.type)).toEqual(["callout", "callout"]);
    const last = got[1];
    expect(last?.type === "callout" ? last.callout : null).toMatchObject({
      id: "co_test1",
      state: "delivered",
      attempts: [{ attempt: 1, status: 200 }],
    });
    ws.close(1000, "done");
  });

  it("accepts the key as a Bearer header as well", async ({ expect }) => {
    const { key } = await signUp();
    const name = await createEndpoint(key);
    const res = await call(`/api/v1/endpoints/${name}/live`, {
      key,
      headers: { upgrade: "websocket" },
    });
    expect(res.status).toBe(101);
    res.webSocket?.accept();
    res.webSocket?.close(1000, "done");
  });

  it("refuses a wrong key with a 401 before upgrading", async ({ expect }) => {
    const { key } = await signUp();
    const name = await createEndpoint(key);
    for (const query of ["?key=em_wrong", ""]) {
      const res = await call(`/api/v1/endpoints/${name}/live${query}`, {
        headers: { upgrade: "websocket" },
      });
      expect(res.status, query).toBe(401);
      expect(res.webSocket, query).toBeNull();
    }
  });

  it("answers 404 for another account's endpoint and 426 without an upgrade", async ({
    expect,
  }) => {
    const owner = await signUp();
    const name = await createEndpoint(owner.key);
    const other = await signUp();
    const res = await call(`/api/v1/endpoints/${name}/live?key=${other.key}`, {
      headers: { upgrade: "websocket" },
    });
    expect(res.status).toBe(404);
    expect(res.webSocket).toBeNull();
    const plain = await call(`/api/v1/endpoints/${name}/live`, { key: owner.key });
    expect(plain.status).toBe(426);
    expect(plain.headers.get("upgrade")).toBe("websocket");
  });
});
