import { env } from "cloudflare:workers";
import { afterEach, describe, it, vi } from "vitest";
import { json } from "./fake-fetch";
import {
  broker,
  captureConsole,
  fakeAuthServer,
  fakeClock,
  sealSecret,
  seedConnection,
  tokenAnswer,
} from "./broker-support";

afterEach(() => vi.restoreAllMocks());

describe("single flight (RELIABILITY.md tests 13, 14)", () => {
  it("makes exactly one token request when 50 callers race on a cold cache", async ({ expect }) => {
    const server = fakeAuthServer(tokenAnswer(), 500);
    const req = await seedConnection();
    const stub = broker(req);
    const tokens = await Promise.all(Array.from({ length: 50 }, () => stub.getToken(req)));
    expect(server.requests).toHaveLength(1);
    const first = tokens[0];
    expect(first?.ok).toBe(true);
    for (const token of tokens) expect(token).toEqual(first);
    expect(first).toMatchObject({ token: "tok-1-xxxxxxxxxxxx" });
  });

  it("gives every waiter the in-flight failure and asks again only after the backoff", async ({
    expect,
  }) => {
    const clock = fakeClock();
    const server = fakeAuthServer(() => json({ error: "server_error" }, 500), 500);
    const req = await seedConnection();
    const stub = broker(req);
    const results = await Promise.all(Array.from({ length: 10 }, () => stub.getToken(req)));
    expect(server.requests).toHaveLength(1);
    for (const result of results) {
      expect(result).toMatchObject({ ok: false, kind: "transient", httpStatus: 500 });
    }

    server.answer = tokenAnswer();
    const duringBackoff = await stub.getToken(req);
    expect(duringBackoff).toMatchObject({ ok: false, kind: "transient", retryAfterSeconds: 1 });
    expect(server.requests).toHaveLength(1);

    clock.advance(1_000);
    const recovered = await stub.getToken(req);
    expect(recovered).toMatchObject({ ok: true, token: "tok-2-xxxxxxxxxxxx" });
    expect(server.requests).toHaveLength(2);
  });

  it("doubles the backoff after each transient failure and honours Retry-After", async ({
    expect,
  }) => {
    const clock = fakeClock();
    const server = fakeAuthServer(() => json({ error: "server_error" }, 503), 0);
    const req = await seedConnection();
    const stub = broker(req);
    await stub.getToken(req);
    clock.advance(1_000);
    const second = await stub.getToken(req);
    expect(second).toMatchObject({ ok: false, retryAfterSeconds: 2 });
    clock.advance(1_999);
    await stub.getToken(req);
    expect(server.requests).toHaveLength(2);

    server.answer = () => json({ error: "slow_down" }, 429, { "retry-after": "40" });
    clock.advance(1);
    const throttled = await stub.getToken(req);
    expect(server.requests).toHaveLength(3);
    expect(throttled).toMatchObject({ ok: false, retryAfterSeconds: 40 });
    clock.advance(39_000);
    await stub.getToken(req);
    expect(server.requests).toHaveLength(3);
  });

  it("does not retry invalid_client for 60 s (cf-java-client#1026)", async ({ expect }) => {
    const clock = fakeClock();
    const server = fakeAuthServer(() => json({ error: "invalid_client" }, 401), 0);
    const req = await seedConnection();
    const stub = broker(req);
    const first = await stub.getToken(req);
    expect(first).toMatchObject({ ok: false, kind: "permanent", code: "invalid_client" });
    for (let i = 0; i < 5; i += 1) {
      clock.advance(11_000);
      expect(await stub.getToken(req)).toMatchObject({ ok: false, code: "invalid_client" });
    }
    expect(server.requests).toHaveLength(1);
    clock.advance(5_000);
    await stub.getToken(req);
    expect(server.requests).toHaveLength(2);
  });
});

describe("testToken() (test() over RPC)", () => {
  it("makes a fresh grant during a backoff and never returns the token", async ({ expect }) => {
    fakeClock();
    const server = fakeAuthServer(() => json({ error: "invalid_client" }, 400), 0);
    const req = await seedConnection();
    const stub = broker(req);
    await stub.getToken(req);

    server.answer = tokenAnswer();
    const test = await stub.testToken(req);
    expect(test).toMatchObject({ ok: true, tokenType: "Bearer", expiresIn: 3600 });
    expect(JSON.stringify(test)).not.toContain("tok-");
    expect(server.requests).toHaveLength(2);

    const token = await stub.getToken(req);
    expect(token).toMatchObject({ ok: true, token: "tok-2-xxxxxxxxxxxx" });
    expect(server.requests).toHaveLength(2);
  });

  it("makes a new grant even when a valid token is cached", async ({ expect }) => {
    const server = fakeAuthServer(tokenAnswer(), 0);
    const req = await seedConnection();
    const stub = broker(req);
    await stub.getToken(req);
    await stub.testToken(req);
    expect(server.requests).toHaveLength(2);
    expect(await stub.getToken(req)).toMatchObject({ token: "tok-2-xxxxxxxxxxxx" });
  });

  it("reports a failed grant with the reason and status", async ({ expect }) => {
    fakeAuthServer(() => json({ error: "invalid_client" }, 401), 0);
    const req = await seedConnection();
    const test = await broker(req).testToken(req);
    expect(test).toMatchObject({ ok: false, code: "invalid_client", httpStatus: 401 });
    expect(test.ok === false && test.error.length).toBeGreaterThan(0);
  });

  it("shares one request with getToken callers racing it", async ({ expect }) => {
    const server = fakeAuthServer(tokenAnswer(), 500);
    const req = await seedConnection();
    const stub = broker(req);
    const [test, ...tokens] = await Promise.all([
      stub.testToken(req),
      ...Array.from({ length: 20 }, () => stub.getToken(req)),
    ]);
    expect(server.requests).toHaveLength(1);
    expect(test?.ok).toBe(true);
    for (const token of tokens) expect(token).toMatchObject({ token: "tok-1-xxxxxxxxxxxx" });
  });
});

describe("loading the connection", () => {
  it("answers connection_deleted without a request when the row is gone", async ({ expect }) => {
    const server = fakeAuthServer(tokenAnswer(), 0);
    const req = await seedConnection();
    await env.DB.prepare("DELETE FROM connections WHERE id = ?").bind(req.connectionId).run();
    const token = await broker(req).getToken(req);
    expect(token).toMatchObject({ ok: false, kind: "permanent", code: "connection_deleted" });
    expect(server.requests).toHaveLength(0);
  });

  it("reads only the caller's account: another account id finds no connection", async ({
    expect,
  }) => {
    const server = fakeAuthServer(tokenAnswer(), 0);
    const req = await seedConnection();
    const other = await seedConnection();
    const forged = { ...req, accountId: other.accountId };
    const token = await broker(forged).getToken(forged);
    expect(token).toMatchObject({ ok: false, code: "connection_deleted" });
    expect(server.requests).toHaveLength(0);
  });

  it("answers secret_unavailable for a secret sealed for another row, naming no blob", async ({
    expect,
  }) => {
    const server = fakeAuthServer(tokenAnswer(), 0);
    const lines = captureConsole();
    const req = await seedConnection();
    const moved = await sealSecret(req.accountId, "conn_other", "s3cr3t");
    await env.DB.prepare("UPDATE connections SET client_secret_enc = ? WHERE id = ?")
      .bind(moved, req.connectionId)
      .run();
    const token = await broker(req).getToken(req);
    expect(token).toMatchObject({ ok: false, kind: "permanent", code: "secret_unavailable" });
    expect(token.ok === false && token.message).toContain("integrity_error");
    expect(JSON.stringify(token)).not.toContain(moved);
    expect(lines.join("\n")).not.toContain(moved);
    expect(server.requests).toHaveLength(0);
  });

  it("refuses to send the secret to a token URL the outbound policy forbids", async ({
    expect,
  }) => {
    const server = fakeAuthServer(tokenAnswer(), 0);
    const req = await seedConnection();
    await env.DB.prepare("UPDATE connections SET token_url = ? WHERE id = ?")
      .bind("https://user:pw@as.example/token", req.connectionId)
      .run();
    const token = await broker(req).getToken(req);
    expect(token).toMatchObject({ ok: false, kind: "permanent", code: "invalid_token_url" });
    expect(server.requests).toHaveLength(0);
  });

  it("builds the Authorization value from the connection's header prefix", async ({ expect }) => {
    fakeAuthServer(() => json({ access_token: "t0k", token_type: "Bearer", expires_in: 60 }), 0);
    const bearer = await seedConnection();
    const bare = await seedConnection({ headerPrefix: "" });
    const custom = await seedConnection({ headerPrefix: "Token" });
    expect(await broker(bearer).getToken(bearer)).toMatchObject({ authorization: "Bearer t0k" });
    expect(await broker(bare).getToken(bare)).toMatchObject({ authorization: "t0k" });
    expect(await broker(custom).getToken(custom)).toMatchObject({ authorization: "Token t0k" });
  });
});
