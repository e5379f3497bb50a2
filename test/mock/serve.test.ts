import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, it } from "vitest";
import { forgetAllEndpoints } from "../../src/mock/config";
import { serveMock } from "../../src/mock/serve";
import { addRule, call, createEndpoint, hit, signUp } from "../helpers";

async function setup() {
  const { key } = await signUp();
  const name = await createEndpoint(key);
  return { key, name };
}

describe("serving mock hits", () => {
  it("renders a templated response from the request", async ({ expect }) => {
    const { key, name } = await setup();
    await addRule(key, name, {
      match: {
        method: "POST",
        path: { op: "template", value: "/users/:id/orders" },
        headers: [{ name: "x-tenant", op: "equals", value: "acme" }],
        query: [{ name: "verbose", op: "exists" }],
        body: [{ path: "order.qty", op: "isNotNull" }],
      },
      response: {
        status: 201,
        headers: { "content-type": "application/json", "x-user": "{{pathParam 'id'}}" },
        body:
          '{"user":"{{pathParam \'id\'}}","qty":{{body \'order.qty\'}},' +
          '"tenant":"{{header \'X-Tenant\'}}","v":"{{queryParam \'verbose\'}}"}',
      },
    });
    const res = await hit(name, "/users/u1/orders?verbose=yes", {
      method: "POST",
      headers: { "x-tenant": "acme", "content-type": "application/json" },
      body: JSON.stringify({ order: { qty: 3 } }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-user")).toBe("u1");
    expect(await res.json()).toEqual({ user: "u1", qty: 3, tenant: "acme", v: "yes" });

    const miss = await hit(name, "/users/u1/orders?verbose=yes", {
      method: "POST",
      headers: { "x-tenant": "other", "content-type": "application/json" },
      body: JSON.stringify({ order: { qty: 3 } }),
    });
    expect(await miss.text()).toContain("no rule matched");
  });

  it("picks weighted responses in proportion to their weights", async ({ expect }) => {
    const { key, name } = await setup();
    await addRule(key, name, {
      match: { method: "GET", path: { op: "exact", value: "/flaky" } },
      responses: [
        { weight: 3, status: 200, body: "ok" },
        { weight: 1, status: 503, body: "down" },
      ],
    });
    const counts = { 200: 0, 503: 0 } as Record<number, number>;
    for (let i = 0; i < 200; i++) {
      const res = await hit(name, "/flaky");
      counts[res.status] = (counts[res.status] ?? 0) + 1;
      await res.arrayBuffer();
    }
    // Expected 150/50; the bounds are over 5 standard deviations wide.
    expect(counts[200]).toBeGreaterThan(115);
    expect(counts[503]).toBeGreaterThan(15);
    expect((counts[200] ?? 0) + (counts[503] ?? 0)).toBe(200);
  });

  it("waits for the rule's delay before answering", async ({ expect }) => {
    const { key, name } = await setup();
    await addRule(key, name, {
      match: { method: "GET", path: { op: "exact", value: "/slow" } },
      response: { status: 200, body: "late", delayMs: 300 },
    });
    // Asserts the promised wait, not speed: the answer may never come before the delay.
    const started = Date.now();
    const res = await hit(name, "/slow");
    expect(await res.text()).toBe("late");
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("answers 561 with a problem when a template fails while serving", async ({ expect }) => {
    const { key, name } = await setup();
    await addRule(key, name, {
      match: { method: "GET", path: { op: "exact", value: "/big" } },
      response: {
        status: 200,
        body: "{{#repeat 1000}}{{#repeat 1000}}xxxxxxxxxx{{/repeat}}{{/repeat}}",
      },
    });
    const res = await hit(name, "/big");
    expect(res.status).toBe(561);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect((await res.json<{ detail: string }>()).detail).toMatch(/\S/);
  });

  it("serves an edit at once and reads D1 at most once per cold load", async ({ expect }) => {
    const { key, name } = await setup();
    const rule = await addRule(key, name, {
      match: { method: "GET", path: { op: "exact", value: "/v" } },
      response: { status: 200, body: "one" },
    });
    let reads = 0;
    const counted = new Proxy(env.DB, {
      get(target, prop, receiver) {
        if (prop === "prepare") reads += 1;
        const value: unknown = Reflect.get(target, prop, receiver);
        return typeof value === "function" ? (value as () => unknown).bind(target) : value;
      },
    });
    const countingEnv = { ...env, DB: counted };
    const serve = async () => {
      const req = new Request(`http://localhost/e/${name}/v`);
      const ctx = createExecutionContext();
      const res = await serveMock(req, { name, path: "/v" }, countingEnv, ctx);
      await waitOnExecutionContext(ctx);
      return res.text();
    };
    forgetAllEndpoints();
    expect(await serve()).toBe("one");
    expect(reads).toBe(1);
    for (let i = 0; i < 5; i++) await serve();
    expect(reads).toBe(1);
    await call(`/api/v1/endpoints/${name}/rules/${String(rule.id)}`, {
      method: "PUT",
      key,
      json: {
        match: { method: "GET", path: { op: "exact", value: "/v" } },
        response: { status: 200, body: "two" },
      },
    });
    expect(await (await hit(name, "/v")).text()).toBe("two");
  });
});
