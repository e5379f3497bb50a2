import { describe, it } from "vitest";
import { addRule, call, createEndpoint, hit, json, signUp } from "../helpers";
import { endpointIdOf, eventually, logOf, requestsEventually, requestsOf } from "./support";

interface Problem {
  errors: { path: string }[];
}

describe("request history", () => {
  it("records a hit with credentials redacted and the body cut past 64 KiB", async ({ expect }) => {
    const { key } = await signUp();
    const name = await createEndpoint(key);
    const body = "x".repeat(70_000);
    const res = await hit(name, "/orders/7?a=1&a=2&b=3", {
      method: "POST",
      body,
      headers: {
        authorization: "Bearer sk_live_secret",
        cookie: "session=abc123",
        "x-api-key": "key-secret-value",
        "x-trace": "t-1",
      },
    });
    expect(res.status).toBe(200);

    const page = await requestsEventually(key, name, 1);
    expect(page.requests).toHaveLength(1);
    const rec = page.requests[0];
    expect(rec).toMatchObject({
      method: "POST",
      path: "/orders/7",
      query: { a: ["1", "2"], b: "3" },
      bodyTruncated: true,
      ruleId: null,
      status: 200,
    });
    expect(rec?.body).toHaveLength(64 * 1024);
    expect(rec?.headers).toMatchObject({
      authorization: "Bearer [redacted]",
      cookie: "[redacted]",
      "x-api-key": "[redacted]",
      "x-trace": "t-1",
    });
    expect(JSON.stringify(page)).not.toMatch(/sk_live_secret|abc123|key-secret-value/);
  });

  it("keeps a small body whole with bodyTruncated false and names the matched rule", async ({
    expect,
  }) => {
    const { key } = await signUp();
    const name = await createEndpoint(key);
    const rule = await addRule(key, name, {
      match: { method: "POST", path: { op: "exact", value: "/things" } },
      response: { status: 201, body: "ok" },
    });
    expect((await hit(name, "/things", { method: "POST", body: '{"n":1}' })).status).toBe(201);
    const page = await requestsEventually(key, name, 1);
    expect(page.requests[0]).toMatchObject({
      method: "POST",
      body: '{"n":1}',
      bodyTruncated: false,
      status: 201,
      ruleId: rule.id,
    });
  });

  it("pages newest first and returns each record once when following next", async ({ expect }) => {
    const { key } = await signUp();
    const name = await createEndpoint(key);
    for (let i = 0; i < 5; i += 1) expect((await hit(name, `/p/${i}`)).status).toBe(200);
    const all = await requestsEventually(key, name, 5);
    expect(all.requests).toHaveLength(5);
    expect(all.next).toBeNull();

    const seen: string[] = [];
    let query = "?limit=2";
    let pages = 0;
    for (;;) {
      const page = await requestsOf(key, name, query);
      pages += 1;
      expect(page.requests.length).toBeLessThanOrEqual(2);
      seen.push(...page.requests.map((r) => r.id));
      if (!page.next) break;
      query = `?limit=2&before=${encodeURIComponent(page.next)}`;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(all.requests.map((r) => r.id));
  });

  it("refuses a limit over 200 and a made-up cursor with a 422 naming the field", async ({
    expect,
  }) => {
    const { key } = await signUp();
    const name = await createEndpoint(key);
    const big = await call(`/api/v1/endpoints/${name}/requests?limit=500`, { key });
    expect(big.status).toBe(422);
    expect((await json<Problem>(big)).errors[0]?.path).toBe("query.limit");
    const bad = await call(`/api/v1/endpoints/${name}/callouts?before=nonsense`, { key });
    expect(bad.status).toBe(422);
    expect((await json<Problem>(bad)).errors[0]?.path).toBe("query.before");
  });

  it("answers 404 for another account's endpoint and 401 without a key", async ({ expect }) => {
    const owner = await signUp();
    const name = await createEndpoint(owner.key);
    await hit(name, "/private");
    await requestsEventually(owner.key, name, 1);
    const other = await signUp();
    for (const path of ["requests", "callouts"]) {
      const res = await call(`/api/v1/endpoints/${name}/${path}`, { key: other.key });
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain("/private");
      expect((await call(`/api/v1/endpoints/${name}/${path}`)).status, path).toBe(401);
    }
  });

  it("wipes the endpoint's history when the endpoint is deleted", async ({ expect }) => {
    const { key } = await signUp();
    const name = await createEndpoint(key);
    const id = await endpointIdOf(key, name);
    await hit(name, "/before-delete");
    await requestsEventually(key, name, 1);
    expect((await logOf(id).listRequests({ limit: 10 })).items).toHaveLength(1);

    expect((await call(`/api/v1/endpoints/${name}`, { method: "DELETE", key })).status).toBe(204);
    expect((await logOf(id).listRequests({ limit: 10 })).items).toEqual([]);
    expect((await logOf(id).listCallouts({ limit: 10 })).items).toEqual([]);
    expect((await call(`/api/v1/endpoints/${name}/requests`, { key })).status).toBe(404);

    // The object keeps working after a wipe (its schema is recreated).
    const after = await eventually(
      async () => {
        await logOf(id).recordRequest({
          id: "req_afterwipe",
          at: new Date().toISOString(),
          method: "GET",
          path: "/",
          query: {},
          headers: {},
          body: "",
          bodyTruncated: false,
          ruleId: null,
          status: 200,
          durationMs: 0,
        });
        return logOf(id).listRequests({ limit: 10 });
      },
      (p) => p.items.length === 1,
    );
    expect(after.items.map((r) => r.id)).toEqual(["req_afterwipe"]);
  });
});

describe("history API document", () => {
  it("lists the requests, callouts and live routes in openapi.json", async ({ expect }) => {
    const doc = await json<{ paths: Record<string, unknown> }>(await call("/api/v1/openapi.json"));
    for (const path of ["requests", "callouts", "live"]) {
      expect(doc.paths, path).toHaveProperty([`/endpoints/{name}/${path}`, "get"]);
    }
  });
});
