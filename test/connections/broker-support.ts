/**
 * Fixtures for TokenBroker tests: a connection seeded straight into D1 (its secret encrypted as
 * the API would), a fake authorization server behind a stubbed global `fetch`, a movable clock and
 * console capture (RELIABILITY.md "Fakes"). The broker runs in the test's isolate, so the stubs
 * reach it.
 */
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import { brokerClock } from "../../src/connections/broker-clock";
import { encryptField, parseKeyring } from "../../src/connections/crypto";
import { secretContext } from "../../src/connections/secret-context";
import type { BrokerRequest } from "../../src/connections/tokens";
import { brokerFor } from "../../src/connections/tokens";
import { newId } from "../../src/db/ids";
import { json } from "./fake-fetch";

export const TOKEN_URL = "https://as.example/oauth2/token";
export const CLIENT_ID = "client-1";
export const SECRET = "s3:cr+e%t/é x==";

export interface SeedOptions {
  headerPrefix?: string;
  clientAuth?: "client_secret_basic" | "client_secret_post";
  secret?: string;
}

/** Inserts an account and a connection (version 1); returns the request a caller would send. */
export async function seedConnection(options: SeedOptions = {}): Promise<BrokerRequest> {
  const accountId = newId("acc");
  const connectionId = newId("conn");
  await env.DB.prepare("INSERT INTO accounts (id, name) VALUES (?, ?)")
    .bind(accountId, "broker test")
    .run();
  const secretEnc = await sealSecret(accountId, connectionId, options.secret ?? SECRET);
  await env.DB.prepare(
    `INSERT INTO connections (id, account_id, display_name, token_url, client_id,
      client_secret_enc, header_prefix, client_auth, additional_params)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
    .bind(
      connectionId,
      accountId,
      "Partner API",
      TOKEN_URL,
      CLIENT_ID,
      secretEnc,
      options.headerPrefix ?? "Bearer",
      options.clientAuth ?? "client_secret_basic",
      JSON.stringify({ scope: "a b" }),
    )
    .run();
  return { accountId, connectionId, version: 1 };
}

export function sealSecret(accountId: string, connectionId: string, secret: string) {
  return encryptField(
    parseKeyring(env.ENCRYPTION_KEYS),
    secret,
    secretContext(accountId, connectionId),
  );
}

/** What PATCH does to the row: new values and version + 1. Returns the caller's new request. */
export async function editConnection(
  req: BrokerRequest,
  change: { secret?: string; tokenUrl?: string },
): Promise<BrokerRequest> {
  const secretEnc =
    change.secret === undefined
      ? null
      : await sealSecret(req.accountId, req.connectionId, change.secret);
  await env.DB.prepare(
    `UPDATE connections SET version = version + 1,
       client_secret_enc = COALESCE(?, client_secret_enc), token_url = COALESCE(?, token_url)
     WHERE id = ? AND account_id = ?`,
  )
    .bind(secretEnc, change.tokenUrl ?? null, req.connectionId, req.accountId)
    .run();
  return { ...req, version: req.version + 1 };
}

export function broker(req: BrokerRequest) {
  return brokerFor(env, req.accountId, req.connectionId);
}

export interface GrantRequest {
  url: string;
  authorization: string | null;
  body: string;
  /** The fake clock's time when the request arrived. */
  at: number;
}

export type Answer = (index: number) => Response;

/** Access tokens the fake server hands out, one per grant: tok-1, tok-2, ... */
export function tokenAnswer(expiresIn: number | undefined = 3600): Answer {
  return (index) =>
    json({
      access_token: `tok-${index + 1}-${"x".repeat(12)}`,
      token_type: "bearer",
      ...(expiresIn === undefined ? {} : { expires_in: expiresIn }),
    });
}

/**
 * A fake authorization server: every global `fetch` is one grant, answered after `delayMs`.
 * `answer` may be swapped between calls.
 */
export function fakeAuthServer(answer: Answer, delayMs = 500) {
  const server = { answer, delayMs, requests: [] as GrantRequest[] };
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    const index = server.requests.length;
    server.requests.push({
      url: request.url,
      authorization: request.headers.get("authorization"),
      body: new TextDecoder().decode(await request.arrayBuffer()),
      at: brokerClock.now(),
    });
    if (server.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, server.delayMs));
    return server.answer(index);
  });
  return server;
}

/** Moves the broker's clock by hand; real time still runs the fake server's delay. */
export function fakeClock(start = Date.UTC(2026, 0, 1)) {
  let now = start;
  vi.spyOn(brokerClock, "now").mockImplementation(() => now);
  return {
    get now() {
      return now;
    },
    advance(ms: number) {
      now += ms;
    },
  };
}

/** Everything written to the console while the test runs, one string per call. */
export function captureConsole(): string[] {
  const lines: string[] = [];
  const keep = (...args: unknown[]) => {
    lines.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
  };
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation(keep);
  }
  return lines;
}

export function tokenRequestLines(lines: string[]): Record<string, unknown>[] {
  return lines
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.msg === "token request");
}
