import { afterEach, beforeEach, describe, it, vi } from "vitest";
import { call, json } from "../helpers";
import { RECEIVER, createConnection, fakeNetwork, setup, type Setup } from "./support";

let s: Setup;
beforeEach(async () => {
  s = await setup();
});
afterEach(() => {
  vi.restoreAllMocks();
});

function rule(callout: Record<string, unknown>) {
  const sync = callout.mode === "sync";
  return {
    match: { method: "ANY", path: { op: "prefix", value: "/" } },
    ...(sync ? {} : { response: { status: 202 } }),
    callout: { mode: "async", ...callout },
  };
}

async function save(body: unknown): Promise<{ status: number; paths: string[]; text: string }> {
  const res = await call(`/api/v1/endpoints/${s.endpoint}/rules`, {
    method: "POST",
    key: s.key,
    json: body,
  });
  const text = await res.text();
  const paths =
    res.status === 422
      ? (JSON.parse(text) as { errors: { path: string }[] }).errors.map((e) => e.path)
      : [];
  return { status: res.status, paths, text };
}

describe("saving a callout rule", () => {
  it("refuses a static URL with credentials in it at callout.request.url", async ({ expect }) => {
    const res = await save(
      rule({ request: { method: "POST", url: "https://u:p@receiver.test/" } }),
    );
    expect(res.status).toBe(422);
    expect(res.paths).toEqual(["callout.request.url"]);
    expect(res.text).toMatch(/userinfo/);
  });

  it("refuses a static URL that points at edgemock's own API", async ({ expect }) => {
    const url = "http://localhost:8787/api/v1/endpoints";
    const res = await save(rule({ request: { method: "POST", url } }));
    expect(res.status).toBe(422);
    expect(res.paths).toEqual(["callout.request.url"]);
  });

  it("accepts a URL template, which is checked when it is sent", async ({ expect }) => {
    const url = "https://{{header 'x-target'}}/hook";
    expect((await save(rule({ request: { method: "POST", url } }))).status).toBe(201);
  });

  it("refuses a static URL outside the connection's allowedHosts", async ({ expect }) => {
    fakeNetwork(() => new Response(null, { status: 204 }));
    const connectionId = await createConnection(s.key, [s.endpoint], {
      allowedHosts: ["api.partner.test"],
    });
    const bad = await save(rule({ connectionId, request: { method: "POST", url: RECEIVER } }));
    expect(bad.status).toBe(422);
    expect(bad.paths).toEqual(["callout.request.url"]);
    const url = "https://api.partner.test/hook";
    const good = await save(rule({ connectionId, request: { method: "POST", url } }));
    expect(good.status).toBe(201);
  });

  it("refuses an async static body that cannot fit in a queue message (test 31)", async ({
    expect,
  }) => {
    // 60,000 three-byte characters: under the template length cap, over 128 KB as UTF-8.
    const body = "\u20ac".repeat(60_000);
    const res = await save(rule({ request: { method: "POST", url: RECEIVER, body } }));
    expect(res.status).toBe(422);
    expect(res.paths).toEqual(["callout.request.body"]);
    const sync = await save(
      rule({ mode: "sync", request: { method: "POST", url: RECEIVER, body } }),
    );
    expect(sync.status).toBe(201);
  });

  it("refuses a body on a GET callout", async ({ expect }) => {
    const res = await save(rule({ request: { method: "GET", url: RECEIVER, body: "x" } }));
    expect(res.status).toBe(422);
    expect(res.paths).toEqual(["callout.request.body"]);
  });

  it("returns the saved callout unchanged", async ({ expect }) => {
    const res = await call(`/api/v1/endpoints/${s.endpoint}/rules`, {
      method: "POST",
      key: s.key,
      json: rule({ request: { method: "POST", url: RECEIVER }, delayMs: 1500, maxAttempts: 3 }),
    });
    expect(res.status).toBe(201);
    expect((await json(res)).callout).toMatchObject({ delayMs: 1500, maxAttempts: 3 });
  });
});
