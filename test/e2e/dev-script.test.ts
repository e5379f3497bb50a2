import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { freePort, startOAuthServer, startProcess } from "../../scripts/lib/processes.mjs";
import { signUp, until } from "./support";

type Started<T extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<T>>;

// `npm run dev` is the README's first command: it must serve everything locally, with a
// development key and loopback token servers allowed, asking nothing.
describe("npm run dev", () => {
  let dev: ReturnType<typeof startProcess>;
  let oauth: Started<typeof startOAuthServer>;
  let base: string;
  const persist = mkdtempSync(join(tmpdir(), "edgemock-dev-"));

  beforeAll(async () => {
    oauth = await startOAuthServer();
    const port = await freePort();
    const inspector = await freePort();
    base = `http://127.0.0.1:${port}`;
    dev = startProcess(process.execPath, [
      "scripts/dev.mjs",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--inspector-port",
      String(inspector),
      "--persist-to",
      persist,
      "--show-interactive-dev-session=false",
    ]);
    await until(
      async () => (await fetch(`${base}/healthz`).catch(() => null))?.ok ?? false,
      "npm run dev to serve",
      90_000,
    );
  });

  afterAll(async () => {
    await dev?.stop();
    await oauth?.stop();
    rmSync(persist, { recursive: true, force: true });
  });

  it("serves the API, the admin page and a working local connection", async ({ expect }) => {
    expect((await fetch(`${base}/admin/`)).status).toBe(200);
    const client = await signUp(base);
    const res = await client.call("/api/v1/connections", {
      method: "POST",
      json: {
        displayName: "Local IdP",
        tokenUrl: oauth.tokenUrl,
        clientId: oauth.clientId,
        clientSecret: oauth.clientSecret,
      },
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { test: { ok: boolean } }).test.ok).toBe(true);
  });
});
