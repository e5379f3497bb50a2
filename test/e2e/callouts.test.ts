import { afterAll, beforeAll, describe, it } from "vitest";
import { startOAuthServer, startReceiver, startWorker } from "../../scripts/lib/processes.mjs";
import { type Client, signUp, until } from "./support";

type Started<T extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<T>>;

interface Received {
  path: string;
  body: string;
  status: number;
  headers: Record<string, string>;
}

interface CalloutView {
  id: string;
  url: string;
  state: string;
  attempts: { status?: number }[];
}

describe("callouts end to end: real Worker, OAuth server and receiver", () => {
  let worker: Started<typeof startWorker>;
  let oauth: Started<typeof startOAuthServer>;
  let receiver: Started<typeof startReceiver>;
  let client: Client;
  let connectionId: string;
  const endpoint = "hooks";

  const received = () => receiver.requests() as unknown as Received[];
  const addCallout = async (path: string, url: string, body?: string) => {
    const res = await client.call(`/api/v1/endpoints/${endpoint}/rules`, {
      method: "POST",
      json: {
        match: { method: "POST", path: { op: "exact", value: path } },
        response: { status: 202, body: "accepted" },
        callout: {
          mode: "async",
          connectionId,
          request: {
            method: "POST",
            url,
            headers: { "content-type": "application/json" },
            ...(body === undefined ? {} : { body }),
          },
        },
      },
    });
    if (res.status !== 201) throw new Error(`rule: ${res.status} ${await res.text()}`);
  };
  const hit = (path: string, body: unknown) =>
    fetch(`${worker.url}/e/${endpoint}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    oauth = await startOAuthServer();
    receiver = await startReceiver();
    worker = await startWorker({ vars: { CALLOUT_RETRY_FIRST_SECONDS: "1" } });
    client = await signUp(worker.url);
    await client.call("/api/v1/endpoints", { method: "POST", json: { name: endpoint } });
    const res = await client.call("/api/v1/connections", {
      method: "POST",
      json: {
        displayName: "IdP",
        tokenUrl: oauth.tokenUrl,
        clientId: oauth.clientId,
        clientSecret: oauth.clientSecret,
        endpoints: [endpoint],
      },
    });
    const saved = (await res.json()) as { connection: { id: string }; test: { ok: boolean } };
    if (!saved.test.ok) throw new Error(`token test failed: ${JSON.stringify(saved.test)}`);
    connectionId = saved.connection.id;
    await addCallout(
      "/orders",
      `${receiver.url}/hook/{{body 'id'}}`,
      '{"order":"{{body \'id\'}}","qty":{{body \'qty\'}}}',
    );
    await addCallout("/flaky", `${receiver.url}/fail-2/x`, "{}");
    await addCallout("/stale", `${receiver.url}/unauth-once/x`, "{}");
  });

  afterAll(async () => {
    await worker?.stop();
    await receiver?.stop();
    await oauth?.stop();
  });

  it("delivers the templated body with a bearer token the OAuth server issued", async ({
    expect,
  }) => {
    const res = await hit("/orders", { id: "o-1", qty: 3 });
    expect(res.status).toBe(202);
    const got = await until(
      () => Promise.resolve(received().find((r) => r.path === "/hook/o-1")),
      "the callout",
    );
    expect(JSON.parse(got.body)).toEqual({ order: "o-1", qty: 3 });
    const auth = got.headers.authorization ?? "";
    expect(auth).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    const payload = JSON.parse(Buffer.from(auth.split(".")[1] ?? "", "base64url").toString()) as {
      iss: string;
    };
    // oauth2-mock-server names itself by "localhost"; the port tells it is this server.
    expect(new URL(payload.iss).port).toBe(new URL(oauth.tokenUrl).port);
    expect(got.headers["idempotency-key"]).toMatch(/^co_/);
  });

  it("sends 30 callouts for 30 concurrent hits with one token grant in all", async ({ expect }) => {
    const ids = Array.from({ length: 30 }, (_, i) => `c-${i}`);
    const answers = await Promise.all(ids.map((id) => hit("/orders", { id, qty: 1 })));
    expect(answers.every((r) => r.status === 202)).toBe(true);
    await until(
      () => Promise.resolve(ids.every((id) => received().some((r) => r.path === `/hook/${id}`))),
      "30 callouts",
    );
    const keys = new Set(
      received()
        .filter((r) => r.path.startsWith("/hook/c-"))
        .map((r) => r.headers["idempotency-key"]),
    );
    expect(keys.size).toBe(30);
    // The connection's token test made the one grant; every callout reused that token.
    expect(oauth.grants()).toBe(1);
  });

  it("retries a failing receiver with the same Idempotency-Key until it succeeds", async ({
    expect,
  }) => {
    await hit("/flaky", {});
    const tries = await until(() => {
      const all = received().filter((r) => r.path === "/fail-2/x");
      return Promise.resolve(all.length >= 3 ? all : null);
    }, "three attempts").catch((err: unknown) => {
      const lines = worker.output.filter((l) => l.includes("fail-2") || l.includes("callout"));
      throw new Error(`${String(err)}\n${lines.slice(-20).join("\n")}`);
    });
    expect(tries.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(new Set(tries.map((r) => r.headers["idempotency-key"])).size).toBe(1);
    expect(new Set(tries.map((r) => r.body)).size).toBe(1);
    const callout = await until(async () => {
      const page = (await (await client.call(`/api/v1/endpoints/${endpoint}/callouts`)).json()) as {
        callouts: CalloutView[];
      };
      return page.callouts.find((c) => c.url.endsWith("/fail-2/x") && c.state === "delivered");
    }, "the delivered callout in history");
    expect(callout.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
  });

  it("gets a fresh token when the receiver answers 401", async ({ expect }) => {
    const before = oauth.grants();
    await hit("/stale", {});
    const tries = await until(() => {
      const all = received().filter((r) => r.path === "/unauth-once/x");
      return Promise.resolve(all.length >= 2 ? all : null);
    }, "the resend");
    expect(tries.map((r) => r.status)).toEqual([401, 200]);
    expect(tries[0]?.headers.authorization).not.toBe(tries[1]?.headers.authorization);
    expect(oauth.grants()).toBe(before + 1);
  });

  it("keeps tokens and secrets out of the Worker's logs", ({ expect }) => {
    const log = worker.output.join("\n");
    expect(log).toContain("callout attempt");
    expect(log).not.toContain(oauth.clientSecret);
    expect(log).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}\./);
  });
});
