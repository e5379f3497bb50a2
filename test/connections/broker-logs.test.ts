import { afterEach, it, vi } from "vitest";
import { json } from "./fake-fetch";
import {
  CLIENT_ID,
  SECRET,
  broker,
  captureConsole,
  editConnection,
  fakeAuthServer,
  fakeClock,
  seedConnection,
  tokenRequestLines,
} from "./broker-support";

afterEach(() => vi.restoreAllMocks());

const TOKEN = "leaky-token-Zq9";

it("logs one line per token request and never the secret, token or Basic value", async ({
  expect,
}) => {
  const clock = fakeClock();
  const lines = captureConsole();
  // RELIABILITY.md test 21: an error body that echoes the secret and a token back.
  const echo = () =>
    json({ error: "invalid_client", error_description: `${SECRET} ${TOKEN}` }, 401);
  const server = fakeAuthServer(echo, 0);
  const req = await seedConnection();
  const stub = broker(req);

  await stub.getToken(req);
  clock.advance(60_000);
  server.answer = () => json({ access_token: TOKEN, token_type: "Bearer", expires_in: 60 });
  await Promise.all(Array.from({ length: 5 }, () => stub.getToken(req)));
  await stub.getToken(req);
  clock.advance(60_000);
  await stub.getToken(req);
  await stub.testToken(req);
  const edited = await editConnection(req, {});
  await stub.getToken(edited);

  const entries = tokenRequestLines(lines);
  expect(server.requests).toHaveLength(5);
  expect(entries).toHaveLength(5);
  expect(entries.map((e) => e.trigger)).toEqual(["cold", "cold", "expiring", "test", "version"]);
  expect(entries.map((e) => e.outcome)).toEqual(["failed", "ok", "ok", "ok", "ok"]);
  expect(entries[0]).toMatchObject({
    level: "warn",
    accountId: req.accountId,
    connectionId: req.connectionId,
    version: 1,
    code: "invalid_client",
    httpStatus: 401,
  });
  expect(entries[4]).toMatchObject({ version: 2, httpStatus: 200 });
  for (const entry of entries) expect(typeof entry.durationMs).toBe("number");

  const basic = server.requests[0]?.authorization ?? "";
  expect(basic).toMatch(/^Basic /);
  const everything = lines.join("\n");
  for (const forbidden of [
    SECRET,
    encodeURIComponent(SECRET),
    TOKEN,
    basic,
    basic.slice("Basic ".length),
    btoa(TOKEN),
  ]) {
    expect(everything).not.toContain(forbidden);
  }
  expect(everything).toContain(req.connectionId);
  expect(everything).not.toContain(`${CLIENT_ID}:`);
});
