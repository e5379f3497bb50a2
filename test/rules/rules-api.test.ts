import { describe, it } from "vitest";
import { addRule, call, createEndpoint, hit, json, signUp } from "../helpers";

const text = (status: number, body: string) => ({ status, body });

async function setup() {
  const { key } = await signUp();
  const name = await createEndpoint(key);
  return { key, name };
}

describe("rules API", () => {
  it("serves the first enabled rule that matches, in order", async ({ expect }) => {
    const { key, name } = await setup();
    const broad = await addRule(key, name, {
      match: { method: "GET", path: { op: "prefix", value: "/orders" } },
      response: text(200, "broad"),
    });
    const narrow = await addRule(key, name, {
      match: { method: "GET", path: { op: "template", value: "/orders/:id" } },
      response: text(200, "order {{pathParam 'id'}}"),
    });
    expect(await (await hit(name, "/orders/7")).text()).toBe("broad");

    const order = await call(`/api/v1/endpoints/${name}/rules/order`, {
      method: "PUT",
      key,
      json: { ids: [narrow.id, broad.id] },
    });
    expect(order.status).toBe(200);
    const listed = await json<{ rules: { id: string }[] }>(order);
    expect(listed.rules.map((r) => r.id)).toEqual([narrow.id, broad.id]);
    expect(await (await hit(name, "/orders/7")).text()).toBe("order 7");

    const definition = { ...narrow, id: undefined };
    const disabled = await call(`/api/v1/endpoints/${name}/rules/${narrow.id}`, {
      method: "PUT",
      key,
      json: { ...definition, enabled: false },
    });
    expect(disabled.status).toBe(200);
    expect(await (await hit(name, "/orders/7")).text()).toBe("broad");

    const del = await call(`/api/v1/endpoints/${name}/rules/${broad.id}`, {
      method: "DELETE",
      key,
    });
    expect(del.status).toBe(204);
    const fallback = await hit(name, "/orders/7");
    expect(await fallback.text()).toContain("no rule matched");
  });

  it("refuses an order that does not list every rule exactly once", async ({ expect }) => {
    const { key, name } = await setup();
    const a = await addRule(key, name, {
      match: { method: "ANY", path: { op: "prefix", value: "/" } },
      response: text(200, "a"),
    });
    const b = await addRule(key, name, {
      match: { method: "ANY", path: { op: "prefix", value: "/" } },
      response: text(200, "b"),
    });
    for (const ids of [[a.id], [a.id, a.id], [a.id, b.id, "rule_nope"]]) {
      const res = await call(`/api/v1/endpoints/${name}/rules/order`, {
        method: "PUT",
        key,
        json: { ids },
      });
      expect(res.status).toBe(422);
    }
    const rules = await json<{ rules: { id: string }[] }>(
      await call(`/api/v1/endpoints/${name}/rules`, { key }),
    );
    expect(rules.rules.map((r) => r.id)).toEqual([a.id, b.id]);
  });

  it("reports a template syntax error at save with the field and position", async ({ expect }) => {
    const { key, name } = await setup();
    const res = await call(`/api/v1/endpoints/${name}/rules`, {
      method: "POST",
      key,
      json: {
        match: { method: "GET", path: { op: "exact", value: "/x" } },
        response: { status: 200, body: "ok\n{{#if x}}never closed" },
      },
    });
    expect(res.status).toBe(422);
    const body = await json<{ errors: { path: string; message: string }[] }>(res);
    expect(body.errors[0]?.path).toBe("response.body");
    expect(body.errors[0]?.message).toMatch(/line \d+, column \d+/);
  });

  it("reports an unknown helper at save", async ({ expect }) => {
    const { key, name } = await setup();
    const res = await call(`/api/v1/endpoints/${name}/rules`, {
      method: "POST",
      key,
      json: {
        match: { method: "GET", path: { op: "exact", value: "/x" } },
        response: { status: 200, headers: { "x-a": "{{nope 'x'}}" } },
      },
    });
    expect(res.status).toBe(422);
    const body = await json<{ errors: { path: string }[] }>(res);
    expect(body.errors[0]?.path).toBe("response.headers.x-a");
  });

  it("refuses a callout whose connection is not shared with the endpoint", async ({ expect }) => {
    const { key, name } = await setup();
    const res = await call(`/api/v1/endpoints/${name}/rules`, {
      method: "POST",
      key,
      json: {
        match: { method: "POST", path: { op: "exact", value: "/hook" } },
        response: { status: 202 },
        callout: {
          mode: "async",
          request: { method: "POST", url: "https://api.example.com/x" },
          connectionId: "conn_notmine",
        },
      },
    });
    expect(res.status).toBe(422);
    const body = await json<{ errors: { path: string }[] }>(res);
    expect(body.errors.map((e) => e.path)).toContain("callout.connectionId");
  });

  it("hides another account's rules and endpoints behind 404", async ({ expect }) => {
    const { key, name } = await setup();
    const rule = await addRule(key, name, {
      match: { method: "GET", path: { op: "exact", value: "/x" } },
      response: text(200, "mine"),
    });
    const other = await signUp();
    const paths: [string, string, unknown?][] = [
      ["GET", `/api/v1/endpoints/${name}/rules`],
      [
        "POST",
        `/api/v1/endpoints/${name}/rules`,
        {
          match: { method: "GET", path: { op: "exact", value: "/y" } },
          response: text(200, "theirs"),
        },
      ],
      [
        "PUT",
        `/api/v1/endpoints/${name}/rules/${rule.id}`,
        {
          match: { method: "GET", path: { op: "exact", value: "/x" } },
          response: text(200, "theirs"),
        },
      ],
      ["DELETE", `/api/v1/endpoints/${name}/rules/${rule.id}`],
      ["PUT", `/api/v1/endpoints/${name}/rules/order`, { ids: [rule.id] }],
    ];
    for (const [method, path, body] of paths) {
      const res = await call(path, { method, key: other.key, json: body });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect(await (await hit(name, "/x")).text()).toBe("mine");
  });

  it("refuses the 501st rule of an endpoint", async ({ expect }) => {
    const { key, name } = await setup();
    const { env } = await import("cloudflare:test");
    const ep = await env.DB.prepare("SELECT id, account_id FROM endpoints WHERE name = ?")
      .bind(name)
      .first<{ id: string; account_id: string }>();
    const definition = JSON.stringify({
      match: { method: "GET", path: { op: "exact", value: "/x" } },
      response: text(200, "x"),
    });
    const inserts = Array.from({ length: 500 }, (_, i) =>
      env.DB.prepare(
        "INSERT INTO rules (id, endpoint_id, account_id, position, definition) " +
          "VALUES (?, ?, ?, ?, ?)",
      ).bind(`rule_seed${i}`, ep?.id, ep?.account_id, i, definition),
    );
    await env.DB.batch(inserts);
    const res = await call(`/api/v1/endpoints/${name}/rules`, {
      method: "POST",
      key,
      json: {
        match: { method: "GET", path: { op: "exact", value: "/y" } },
        response: text(200, "y"),
      },
    });
    expect(res.status).toBe(409);
  });
});
