import { createExecutionContext, env } from "cloudflare:test";
import { describe, it } from "vitest";
import { app } from "../../src/app";
import { addRule, call, createEndpoint, json, signUp } from "../helpers";

interface Saved {
  connection: { id: string; endpoints: string[]; hasSecret: boolean; version: number };
  test: { ok: boolean; error?: string };
}

/** A token endpoint mocked on edgemock itself: served inside the Worker, no network. */
async function mockedIdp(key: string): Promise<string> {
  const idp = await createEndpoint(key);
  await addRule(key, idp, {
    match: { method: "POST", path: { op: "exact", value: "/token" } },
    response: {
      status: 200,
      headers: { "content-type": "application/json" },
      body: '{"access_token":"t-{{uuid}}","token_type":"Bearer","expires_in":60}',
    },
  });
  return `http://localhost:8787/e/${idp}/token`;
}

const SECRET = "very-secret-value-42";

async function create(key: string, tokenUrl: string, extra: Record<string, unknown> = {}) {
  const res = await call("/api/v1/connections", {
    method: "POST",
    key,
    json: { displayName: "IdP", tokenUrl, clientId: "cid", clientSecret: SECRET, ...extra },
  });
  return { res, body: res.status === 201 ? await json<Saved>(res) : null };
}

describe("API connections API", () => {
  it("lists only the connections shared with ?endpoint=", async ({ expect }) => {
    const { key } = await signUp();
    const tokenUrl = await mockedIdp(key);
    const a = await createEndpoint(key);
    const b = await createEndpoint(key);
    const shared = await create(key, tokenUrl, { endpoints: [a] });
    await create(key, tokenUrl, { endpoints: [b] });
    expect(shared.body?.connection.endpoints).toEqual([a]);
    const list = await json<{ connections: { id: string }[] }>(
      await call(`/api/v1/connections?endpoint=${a}`, { key }),
    );
    expect(list.connections.map((c) => c.id)).toEqual([shared.body?.connection.id]);
    const all = await json<{ connections: unknown[] }>(await call("/api/v1/connections", { key }));
    expect(all.connections).toHaveLength(2);
  });

  it("shares one connection with 150 endpoints (past D1's 100 bound parameters)", async ({
    expect,
  }) => {
    const { key, accountId } = await signUp();
    const names = Array.from({ length: 150 }, (_, i) => `bulk-${accountId.slice(4, 12)}-${i}`);
    await env.DB.batch(
      names.map((name, i) =>
        env.DB.prepare(
          "INSERT INTO endpoints (id, account_id, name, default_response) VALUES (?, ?, ?, '{}')",
        ).bind(`ep_bulk${accountId}${i}`, accountId, name),
      ),
    );
    const { res, body } = await create(key, await mockedIdp(key), { endpoints: names });
    expect(res.status).toBe(201);
    expect(body?.connection.endpoints).toHaveLength(150);
    const shared = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM connection_endpoints WHERE connection_id = ?",
    )
      .bind(body?.connection.id ?? "")
      .first<{ n: number }>();
    expect(shared?.n).toBe(150);
  });

  it("never returns the secret or its ciphertext", async ({ expect }) => {
    const { key } = await signUp();
    const { body } = await create(key, await mockedIdp(key));
    const id = body?.connection.id ?? "";
    const texts = [
      JSON.stringify(body),
      await (await call(`/api/v1/connections/${id}`, { key })).text(),
      await (await call("/api/v1/connections", { key })).text(),
    ];
    const row = await env.DB.prepare("SELECT client_secret_enc AS b FROM connections WHERE id = ?")
      .bind(id)
      .first<{ b: string }>();
    expect(row?.b).toMatch(/^v1\.k1\./);
    expect(row?.b).not.toContain(SECRET);
    for (const text of texts) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(row?.b ?? "?");
    }
    expect(body?.connection.hasSecret).toBe(true);
  });

  it("refuses reserved token parameters and other accounts' endpoints with 422", async ({
    expect,
  }) => {
    const { key } = await signUp();
    const other = await signUp();
    const theirs = await createEndpoint(other.key);
    const tokenUrl = await mockedIdp(key);
    for (const [extra, path] of [
      [{ additionalParams: { grant_type: "password" } }, "additionalParams.grant_type"],
      [{ additionalParams: { Client_Secret: "x" } }, "additionalParams.Client_Secret"],
      [{ endpoints: [theirs] }, "endpoints.0"],
      [{ endpoints: ["no-such-endpoint"] }, "endpoints.0"],
      [{ tokenUrl: "https://user:pw@idp.example/token" }, "tokenUrl"],
    ] as const) {
      const { res } = await create(key, tokenUrl, extra);
      expect(res.status, JSON.stringify(extra)).toBe(422);
      const problem = await json<{ errors: { path: string }[] }>(res);
      expect(problem.errors.map((e) => e.path)).toContain(path);
    }
    const list = await json<{ connections: unknown[] }>(await call("/api/v1/connections", { key }));
    expect(list.connections).toEqual([]);
  });

  it("hides another account's connection behind 404 on every route", async ({ expect }) => {
    const owner = await signUp();
    const { body } = await create(owner.key, await mockedIdp(owner.key));
    const id = body?.connection.id ?? "";
    const intruder = await signUp();
    for (const [method, path, payload] of [
      ["GET", `/api/v1/connections/${id}`, undefined],
      ["PATCH", `/api/v1/connections/${id}`, { displayName: "mine now" }],
      ["POST", `/api/v1/connections/${id}/test`, undefined],
      ["DELETE", `/api/v1/connections/${id}`, undefined],
    ] as const) {
      const res = await call(path, { method, key: intruder.key, json: payload });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    const still = await json<{ displayName: string }>(
      await call(`/api/v1/connections/${id}`, { key: owner.key }),
    );
    expect(still.displayName).toBe("IdP");
  });

  it("refuses to delete a connection rules still use, naming them", async ({ expect }) => {
    const { key } = await signUp();
    const ep = await createEndpoint(key);
    const { body } = await create(key, await mockedIdp(key), { endpoints: [ep] });
    const id = body?.connection.id ?? "";
    const rule = await addRule(key, ep, {
      match: { method: "POST", path: { op: "exact", value: "/x" } },
      response: { status: 202 },
      callout: {
        mode: "async",
        connectionId: id,
        request: { method: "POST", url: "https://api.example.com/hook" },
      },
    });
    const refused = await call(`/api/v1/connections/${id}`, { method: "DELETE", key });
    expect(refused.status).toBe(409);
    expect(await json(refused)).toMatchObject({ rules: [{ id: rule.id, endpoint: ep }] });
    await call(`/api/v1/endpoints/${ep}/rules/${rule.id}`, { method: "DELETE", key });
    expect((await call(`/api/v1/connections/${id}`, { method: "DELETE", key })).status).toBe(204);
    expect((await call(`/api/v1/connections/${id}`, { key })).status).toBe(404);
  });

  it("bumps the version on every edit and tests the token again", async ({ expect }) => {
    const { key } = await signUp();
    const { body } = await create(key, await mockedIdp(key));
    const id = body?.connection.id ?? "";
    expect(body?.test.ok).toBe(true);
    const patched = await json<Saved>(
      await call(`/api/v1/connections/${id}`, {
        method: "PATCH",
        key,
        json: { tokenUrl: "http://localhost:8787/e/no-such-idp/token" },
      }),
    );
    expect(patched.connection.version).toBe((body?.connection.version ?? 0) + 1);
    expect(patched.test.ok).toBe(false);
    expect(patched.test.error).toMatch(/404/);
  });

  it("fails closed without a keyring: 503 and nothing stored", async ({ expect }) => {
    const { key } = await signUp();
    const broken = { ...env, ENCRYPTION_KEYS: "k1:too-short" };
    const req = new Request("http://localhost:8787/api/v1/connections", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({
        displayName: "x",
        tokenUrl: "https://idp.example/token",
        clientId: "cid",
        clientSecret: SECRET,
      }),
    });
    const res = await app.fetch(req, broken, createExecutionContext());
    expect(res.status).toBe(503);
    expect(await res.text()).not.toContain(SECRET);
    const list = await json<{ connections: unknown[] }>(await call("/api/v1/connections", { key }));
    expect(list.connections).toEqual([]);
  });
});
