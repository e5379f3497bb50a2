import { env } from "cloudflare:test";
import { describe, it } from "vitest";
import { call, json, signUp } from "../helpers";

describe("accounts and API keys", () => {
  it("creates an account and shows its key once", async ({ expect }) => {
    const res = await call("/api/v1/accounts", { method: "POST", json: { name: "Acme" } });
    expect(res.status).toBe(201);
    const body = await json<{
      account: { id: string; name: string; createdAt: string };
      apiKey: string;
    }>(res);
    expect(body.account.name).toBe("Acme");
    expect(body.apiKey).toMatch(/^emk_[a-z2-7]{10}_[a-z2-7]{32}$/);
    const me = await call("/api/v1/account", { key: body.apiKey });
    expect(await me.json()).toEqual(body.account);
    const keys = await json<{ keys: Record<string, unknown>[] }>(
      await call("/api/v1/account/keys", { key: body.apiKey }),
    );
    expect(keys.keys).toHaveLength(1);
    expect(JSON.stringify(keys)).not.toContain(body.apiKey);
    expect(keys.keys[0]).toMatchObject({ prefix: body.apiKey.slice(0, 14) });
  });

  it("records when a key was last used", async ({ expect }) => {
    const { key } = await signUp();
    const before = await json<{ keys: { lastUsedAt: string | null }[] }>(
      await call("/api/v1/account/keys", { key }),
    );
    let lastUsedAt = before.keys[0]?.lastUsedAt ?? null;
    for (let i = 0; i < 20 && !lastUsedAt; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const now = await json<{ keys: { lastUsedAt: string | null }[] }>(
        await call("/api/v1/account/keys", { key }),
      );
      lastUsedAt = now.keys[0]?.lastUsedAt ?? null;
    }
    expect(lastUsedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it("stores only the prefix and a SHA-256 of each key", async ({ expect }) => {
    const { key, accountId } = await signUp();
    const rows = await env.DB.prepare("SELECT * FROM api_keys WHERE account_id = ?")
      .bind(accountId)
      .all<Record<string, string>>();
    const row = rows.results[0];
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
    const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
    expect(row?.hash).toBe(hex);
    expect(JSON.stringify(rows.results)).not.toContain(key);
  });

  it("answers every authentication failure with the same 401 problem", async ({ expect }) => {
    const { key } = await signUp();
    const samePrefix = key.slice(0, 15) + "a".repeat(key.length - 15);
    const attempts: Record<string, string | undefined> = {
      missing: undefined,
      malformed: "Basic abc",
      garbage: "Bearer nope",
      wrongSecretSamePrefix: `Bearer ${samePrefix}`,
    };
    const bodies = new Set<string>();
    for (const header of Object.values(attempts)) {
      const res = await call("/api/v1/account", {
        headers: header ? { authorization: header } : {},
      });
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      bodies.add(await res.text());
    }
    expect(bodies.size).toBe(1);
  });

  it("creates, lists and revokes keys, refusing to revoke the last one", async ({ expect }) => {
    const { key } = await signUp();
    const created = await call("/api/v1/account/keys", { method: "POST", key });
    expect(created.status).toBe(201);
    const second = await json<{ id: string; apiKey: string }>(created);
    expect((await call("/api/v1/account", { key: second.apiKey })).status).toBe(200);

    const list = await json<{ keys: { id: string }[] }>(
      await call("/api/v1/account/keys", { key }),
    );
    expect(list.keys.map((k) => k.id)).toContain(second.id);
    const first = list.keys.find((k) => k.id !== second.id);

    const revoke = await call(`/api/v1/account/keys/${second.id}`, { method: "DELETE", key });
    expect(revoke.status).toBe(204);
    expect((await call("/api/v1/account", { key: second.apiKey })).status).toBe(401);

    const last = await call(`/api/v1/account/keys/${first?.id}`, { method: "DELETE", key });
    expect(last.status).toBe(409);
    expect((await call("/api/v1/account", { key })).status).toBe(200);
  });

  it("hides another account's key behind a 404", async ({ expect }) => {
    const a = await signUp();
    const b = await signUp();
    const bKeys = await json<{ keys: { id: string }[] }>(
      await call("/api/v1/account/keys", { key: b.key }),
    );
    const res = await call(`/api/v1/account/keys/${bKeys.keys[0]?.id}`, {
      method: "DELETE",
      key: a.key,
    });
    expect(res.status).toBe(404);
    expect((await call("/api/v1/account", { key: b.key })).status).toBe(200);
  });

  it("rejects a sign-up without a name with a 422 naming the field", async ({ expect }) => {
    const res = await call("/api/v1/accounts", { method: "POST", json: { name: "" } });
    expect(res.status).toBe(422);
    const body = await json<{ errors: { path: string }[] }>(res);
    expect(body.errors[0]?.path).toBe("name");
  });
});
