import { afterEach, describe, it, vi } from "vitest";
import { json } from "./fake-fetch";
import { broker, fakeAuthServer, fakeClock, seedConnection, tokenAnswer } from "./broker-support";

afterEach(() => vi.restoreAllMocks());

describe("refresh timing (RELIABILITY.md test 10)", () => {
  it("reuses a 3600 s token until expiry minus the 5 min skew, then refetches once", async ({
    expect,
  }) => {
    const clock = fakeClock();
    const server = fakeAuthServer(tokenAnswer(3600), 0);
    const req = await seedConnection();
    const stub = broker(req);
    const first = await stub.getToken(req);
    expect(first).toMatchObject({ ok: true, expiresAt: clock.now + 3_600_000 });

    clock.advance(3_300_000 - 1);
    expect(await stub.getToken(req)).toEqual(first);
    expect(server.requests).toHaveLength(1);

    clock.advance(1);
    const second = await stub.getToken(req);
    expect(second).toMatchObject({ ok: true, token: "tok-2-xxxxxxxxxxxx" });
    for (let i = 0; i < 5; i += 1) expect(await stub.getToken(req)).toEqual(second);
    expect(server.requests).toHaveLength(2);
  });

  it("asks at most once per 5 s when tokens live 5 s", async ({ expect }) => {
    const clock = fakeClock();
    const server = fakeAuthServer(tokenAnswer(5), 0);
    const req = await seedConnection();
    const stub = broker(req);
    const start = clock.now;
    for (let step = 0; step < 200; step += 1) {
      const token = await stub.getToken(req);
      expect(token.ok).toBe(true);
      if (token.ok) expect(token.expiresAt).toBeGreaterThan(clock.now);
      clock.advance(300);
    }
    const elapsed = clock.now - start;
    expect(server.requests.length).toBeLessThanOrEqual(Math.floor(elapsed / 5_000) + 1);
    const gaps = server.requests.slice(1).map((r, i) => r.at - (server.requests[i]?.at ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(5_000);
  });

  it("answers token_refresh_throttled instead of asking again for a 2 s token", async ({
    expect,
  }) => {
    const clock = fakeClock();
    const server = fakeAuthServer(tokenAnswer(2), 0);
    const req = await seedConnection();
    const stub = broker(req);
    await stub.getToken(req);
    clock.advance(2_000);
    const throttled = await stub.getToken(req);
    expect(throttled).toMatchObject({
      ok: false,
      kind: "transient",
      code: "token_refresh_throttled",
      retryAfterSeconds: 3,
    });
    expect(server.requests).toHaveLength(1);
    clock.advance(3_000);
    expect(await stub.getToken(req)).toMatchObject({ ok: true, token: "tok-2-xxxxxxxxxxxx" });
  });

  it("keeps serving a still-valid token when the early refresh fails", async ({ expect }) => {
    const clock = fakeClock();
    const server = fakeAuthServer(tokenAnswer(3600), 0);
    const req = await seedConnection();
    const stub = broker(req);
    const first = await stub.getToken(req);
    server.answer = () => json({ error: "temporarily_unavailable" }, 503);
    clock.advance(3_400_000);
    expect(await stub.getToken(req)).toEqual(first);
    expect(await stub.getToken(req)).toEqual(first);
    expect(server.requests).toHaveLength(2);
    clock.advance(200_000);
    expect(await stub.getToken(req)).toMatchObject({ ok: false, kind: "transient" });
  });

  it("uses the default lifetime when the server sends no expires_in", async ({ expect }) => {
    const clock = fakeClock();
    fakeAuthServer(tokenAnswer(undefined), 0);
    const req = await seedConnection();
    const token = await broker(req).getToken(req);
    expect(token).toMatchObject({ ok: true, expiresAt: clock.now + 3_600_000 });
  });
});

describe("rejected tokens (RELIABILITY.md test 11, broker half)", () => {
  it("refreshes once when the rejected token is the cached one", async ({ expect }) => {
    const server = fakeAuthServer(tokenAnswer(), 0);
    const req = await seedConnection();
    const stub = broker(req);
    const first = await stub.getToken(req);
    if (!first.ok) throw new Error("no first token");
    const second = await stub.getToken({ ...req, rejectedTokenId: first.tokenId });
    expect(second).toMatchObject({ ok: true, token: "tok-2-xxxxxxxxxxxx" });
    expect(second.ok && second.tokenId).not.toBe(first.tokenId);
    expect(server.requests).toHaveLength(2);
    expect(await stub.getToken(req)).toEqual(second);
  });

  it("returns the current token with no request for a stale rejected id", async ({ expect }) => {
    const server = fakeAuthServer(tokenAnswer(), 0);
    const req = await seedConnection();
    const stub = broker(req);
    const first = await stub.getToken(req);
    if (!first.ok) throw new Error("no first token");
    const second = await stub.getToken({ ...req, rejectedTokenId: first.tokenId });
    const again = await stub.getToken({ ...req, rejectedTokenId: first.tokenId });
    expect(again).toEqual(second);
    expect(server.requests).toHaveLength(2);
  });

  it("collapses 20 callers rejecting the same token into one request", async ({ expect }) => {
    const server = fakeAuthServer(tokenAnswer(), 500);
    const req = await seedConnection();
    const stub = broker(req);
    const first = await stub.getToken(req);
    if (!first.ok) throw new Error("no first token");
    const rejected = { ...req, rejectedTokenId: first.tokenId };
    const results = await Promise.all(Array.from({ length: 20 }, () => stub.getToken(rejected)));
    expect(server.requests).toHaveLength(2);
    for (const result of results) expect(result).toMatchObject({ token: "tok-2-xxxxxxxxxxxx" });
  });

  it("never serves a rejected token again, even when the refresh fails", async ({ expect }) => {
    fakeClock();
    const server = fakeAuthServer(tokenAnswer(), 0);
    const req = await seedConnection();
    const stub = broker(req);
    const first = await stub.getToken(req);
    if (!first.ok) throw new Error("no first token");
    server.answer = () => json({ error: "server_error" }, 500);
    const after = await stub.getToken({ ...req, rejectedTokenId: first.tokenId });
    expect(after).toMatchObject({ ok: false, kind: "transient" });
    expect(await stub.getToken(req)).toMatchObject({ ok: false });
  });
});
