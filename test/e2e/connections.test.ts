import { afterAll, beforeAll, describe, it } from "vitest";
import { startOAuthServer, startWorker } from "../../scripts/lib/processes.mjs";
import { type Client, signUp } from "./support";

type Worker = Awaited<ReturnType<typeof startWorker>>;
type OAuth = Awaited<ReturnType<typeof startOAuthServer>>;

interface Saved {
  connection: { id: string; hasSecret: boolean; lastTest: unknown };
  test: { ok: boolean; error?: string; httpStatus?: number; tokenType?: string };
}

describe("API connections against a real OAuth server", () => {
  let worker: Worker;
  let oauth: OAuth;
  let client: Client;
  // A secret with characters that break naive Basic encoding (RFC 6749 §2.3.1).
  const secret = "s3cr:et+with %&é";

  beforeAll(async () => {
    oauth = await startOAuthServer({ clientId: "edge mock:client", clientSecret: secret });
    worker = await startWorker();
    client = await signUp(worker.url);
  });

  afterAll(async () => {
    await worker?.stop();
    await oauth?.stop();
  });

  it("creates a connection and passes the token test", async ({ expect }) => {
    const res = await client.call("/api/v1/connections", {
      method: "POST",
      json: {
        displayName: "Mock IdP",
        tokenUrl: oauth.tokenUrl,
        clientId: oauth.clientId,
        clientSecret: secret,
        additionalParams: { scope: "orders:write" },
      },
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Saved;
    expect(body.test).toMatchObject({ ok: true, tokenType: "Bearer" });
    expect(body.connection.hasSecret).toBe(true);
    expect(JSON.stringify(body)).not.toContain(secret);
    expect(oauth.grants()).toBeGreaterThanOrEqual(1);
  });

  it("saves a connection with a wrong secret and reports why the test failed", async ({
    expect,
  }) => {
    const res = await client.call("/api/v1/connections", {
      method: "POST",
      json: {
        displayName: "Wrong secret",
        tokenUrl: oauth.tokenUrl,
        clientId: oauth.clientId,
        clientSecret: "not-the-secret",
      },
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Saved;
    expect(body.test.ok).toBe(false);
    expect(body.test.httpStatus).toBe(401);
    expect(body.test.error).toMatch(/invalid_client/);

    // Fixing the secret with PATCH makes the test pass; a blank secret keeps the stored one.
    const id = body.connection.id;
    const fixed = (await (
      await client.call(`/api/v1/connections/${id}`, {
        method: "PATCH",
        json: { clientSecret: secret },
      })
    ).json()) as Saved;
    expect(fixed.test.ok).toBe(true);
    const kept = (await (
      await client.call(`/api/v1/connections/${id}`, {
        method: "PATCH",
        json: { displayName: "Renamed", clientSecret: "" },
      })
    ).json()) as Saved;
    expect(kept.test.ok).toBe(true);
  });

  it("never shows a secret or token in responses or the Worker's log output", async ({
    expect,
  }) => {
    const list = await (await client.call("/api/v1/connections")).text();
    expect(list).not.toContain(secret);
    const log = worker.output.join("\n");
    expect(log).toContain("token request");
    expect(log).not.toContain(secret);
    expect(log).not.toContain(encodeURIComponent(secret));
    expect(log).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./); // no JWT access token
    expect(log).not.toMatch(/Basic [A-Za-z0-9+/=]{8,}/);
  });
});
