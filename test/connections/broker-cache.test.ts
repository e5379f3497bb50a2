import { abortAllDurableObjects, evictDurableObject, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, it, vi } from "vitest";
import type { TokenBroker } from "../../src/connections/broker";
import {
  SECRET,
  broker,
  editConnection,
  fakeAuthServer,
  fakeClock,
  seedConnection,
  tokenAnswer,
} from "./broker-support";

afterEach(() => vi.restoreAllMocks());

/** Every key and value the broker keeps in its Durable Object storage, as one string. */
async function storageDump(stub: DurableObjectStub<TokenBroker>): Promise<string> {
  return runInDurableObject(stub, (_instance, state) =>
    JSON.stringify([...state.storage.kv.list()]),
  );
}

describe("restart (RELIABILITY.md test 15)", () => {
  it("reuses the stored token after eviction with no token request", async ({ expect }) => {
    const server = fakeAuthServer(tokenAnswer(), 0);
    const req = await seedConnection();
    const stub = broker(req);
    const before = await stub.getToken(req);
    await evictDurableObject(stub);
    const after = await broker(req).getToken(req);
    expect(server.requests).toHaveLength(1);
    expect(after).toEqual(before);
  });

  it("reuses the stored token after every object is aborted", async ({ expect }) => {
    const server = fakeAuthServer(tokenAnswer(), 0);
    const req = await seedConnection();
    const before = await broker(req).getToken(req);
    await abortAllDurableObjects();
    await abortAllDurableObjects();
    expect(await broker(req).getToken(req)).toEqual(before);
    expect(server.requests).toHaveLength(1);
  });

  it("keeps the token in storage only encrypted", async ({ expect }) => {
    fakeAuthServer(tokenAnswer(), 0);
    const req = await seedConnection();
    const stub = broker(req);
    const token = await stub.getToken(req);
    const dump = await storageDump(stub);
    expect(dump).toContain(req.connectionId);
    expect(token.ok && dump.includes(token.token)).toBe(false);
    expect(dump).not.toContain("tok-1");
    expect(dump).not.toContain(btoa("tok-1-xxxxxxxxxxxx"));
    expect(dump).not.toContain(SECRET);
  });

  it("asks once for a new token after a restart when the stored one has expired", async ({
    expect,
  }) => {
    const clock = fakeClock();
    const server = fakeAuthServer(tokenAnswer(60), 0);
    const req = await seedConnection();
    await broker(req).getToken(req);
    await evictDurableObject(broker(req));
    clock.advance(61_000);
    const token = await broker(req).getToken(req);
    expect(token).toMatchObject({ ok: true, token: "tok-2-xxxxxxxxxxxx" });
    expect(server.requests).toHaveLength(2);
  });
});

describe("connection edits (RELIABILITY.md test 16)", () => {
  it("fetches anew with the new secret after an edit and never returns the old token", async ({
    expect,
  }) => {
    const server = fakeAuthServer(tokenAnswer(), 0);
    const req = await seedConnection({ clientAuth: "client_secret_post" });
    const stub = broker(req);
    const old = await stub.getToken(req);
    expect(old).toMatchObject({ token: "tok-1-xxxxxxxxxxxx" });

    const edited = await editConnection(req, { secret: "new-secret" });
    const fresh = await stub.getToken(edited);
    expect(fresh).toMatchObject({ ok: true, token: "tok-2-xxxxxxxxxxxx" });
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.body).toContain("client_secret=new-secret");

    // A caller still holding the old version gets the newer token, never the old one.
    expect(await stub.getToken(req)).toMatchObject({ token: "tok-2-xxxxxxxxxxxx" });
    await evictDurableObject(stub);
    expect(await broker(req).getToken(req)).toMatchObject({ token: "tok-2-xxxxxxxxxxxx" });
    expect(server.requests).toHaveLength(2);
  });

  it("does not hand a new-version caller the result of a grant that read the old row", async ({
    expect,
  }) => {
    const server = fakeAuthServer(tokenAnswer(), 500);
    const req = await seedConnection({ clientAuth: "client_secret_post" });
    const stub = broker(req);
    const oldCall = stub.getToken(req);
    // Let the first grant read the row before the edit lands.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const edited = await editConnection(req, { secret: "new-secret" });
    const [old, fresh] = await Promise.all([oldCall, stub.getToken(edited)]);
    expect(old).toMatchObject({ token: "tok-1-xxxxxxxxxxxx" });
    expect(fresh).toMatchObject({ token: "tok-2-xxxxxxxxxxxx" });
    expect(server.requests[1]?.body).toContain("client_secret=new-secret");
  });

  it("skips the backoff of a failure that belonged to the previous version", async ({ expect }) => {
    fakeClock();
    const server = fakeAuthServer(
      () =>
        new Response('{"error":"invalid_client"}', {
          status: 400,
          headers: { "content-type": "application/json" },
        }),
      0,
    );
    const req = await seedConnection();
    const stub = broker(req);
    expect(await stub.getToken(req)).toMatchObject({ ok: false, code: "invalid_client" });
    server.answer = tokenAnswer();
    const edited = await editConnection(req, { secret: "fixed" });
    expect(await stub.getToken(edited)).toMatchObject({ ok: true });
    expect(server.requests).toHaveLength(2);
  });
});

describe("destroy()", () => {
  it("wipes storage so nothing of the connection survives", async ({ expect }) => {
    fakeAuthServer(tokenAnswer(), 0);
    const req = await seedConnection();
    const stub = broker(req);
    await stub.getToken(req);
    expect(await storageDump(stub)).not.toBe("[]");
    await stub.destroy();
    expect(await storageDump(stub)).toBe("[]");
  });

  it("keeps a grant that finishes after destroy() out of storage and memory", async ({
    expect,
  }) => {
    const server = fakeAuthServer(tokenAnswer(), 500);
    const req = await seedConnection();
    const stub = broker(req);
    const pending = stub.getToken(req);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await stub.destroy();
    await pending;
    expect(await storageDump(stub)).toBe("[]");
    // The next caller asks again rather than getting the token minted before the delete.
    await stub.getToken(req);
    expect(server.requests).toHaveLength(2);
  });
});
