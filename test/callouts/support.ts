/**
 * Shared setup for callout tests: an account with endpoints, an API connection backed by a fake
 * token server, a fake receiver behind a stubbed `globalThis.fetch`, and queue messages.
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { vi } from "vitest";
import { consumeCallouts, type ConsumerOptions } from "../../src/callouts/consumer";
import type { CalloutMessage } from "../../src/callouts/message";
import { asyncRecord, upsertCallout } from "../../src/callouts/record";
import { newId } from "../../src/db/ids";
import { endpointLogFor } from "../../src/logs/client";
import type { CalloutRecord } from "../../src/logs/types";
import { call, createEndpoint, json, signUp, uniqueName } from "../helpers";

export const TOKEN_URL = "https://auth.test/oauth/token";
export const RECEIVER = "https://receiver.test/hook";

export interface Sent {
  url: string;
  method: string;
  headers: Headers;
  body: string;
}

export type Receive = (req: Sent, index: number) => Response | Promise<Response>;

/**
 * Stubs `fetch`: the token URL mints `tok-1`, `tok-2`, ... (or answers `tokenAnswer`), every other
 * URL goes to `receive`. `inFlight.max` is the most receiver requests open at once.
 */
export function fakeNetwork(receive: Receive, tokenAnswer?: () => Response) {
  const received: Sent[] = [];
  const inFlight = { now: 0, max: 0 };
  let minted = 0;
  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    if (request.url === TOKEN_URL) {
      if (tokenAnswer) return tokenAnswer();
      minted += 1;
      return Response.json({
        access_token: `tok-${minted}`,
        token_type: "Bearer",
        expires_in: 3600,
      });
    }
    const sent: Sent = {
      url: request.url,
      method: request.method,
      headers: request.headers,
      body: await request.text(),
    };
    received.push(sent);
    inFlight.now += 1;
    inFlight.max = Math.max(inFlight.max, inFlight.now);
    try {
      return await receive(sent, received.length - 1);
    } finally {
      inFlight.now -= 1;
    }
  });
  return { received, inFlight, spy, tokensMinted: () => minted };
}

export interface Setup {
  key: string;
  accountId: string;
  endpoint: string;
  endpointId: string;
}

export async function setup(): Promise<Setup> {
  const { key, accountId } = await signUp();
  const endpoint = await createEndpoint(key, uniqueName("co"));
  return { key, accountId, endpoint, endpointId: await endpointId(endpoint) };
}

export async function endpointId(name: string): Promise<string> {
  const row = await env.DB.prepare("SELECT id FROM endpoints WHERE name = ?")
    .bind(name)
    .first<{ id: string }>();
  if (!row) throw new Error(`no endpoint ${name}`);
  return row.id;
}

/** Creates a connection shared with `endpoints`; call with a fake network in place. */
export async function createConnection(
  key: string,
  endpoints: string[],
  extra: Record<string, unknown> = {},
): Promise<string> {
  const res = await call("/api/v1/connections", {
    method: "POST",
    key,
    json: {
      displayName: "Partner API",
      tokenUrl: TOKEN_URL,
      clientId: "client-1",
      clientSecret: "s3cret-value",
      endpoints,
      ...extra,
    },
  });
  if (res.status !== 201)
    throw new Error(`connection create failed: ${res.status} ${await res.text()}`);
  return (await json<{ connection: { id: string } }>(res)).connection.id;
}

/** A queued callout as enqueue.ts writes it, already recorded `queued` in history. */
export async function queuedMessage(
  s: Setup,
  overrides: Partial<CalloutMessage> = {},
): Promise<CalloutMessage> {
  const msg: CalloutMessage = {
    calloutId: newId("co"),
    at: new Date().toISOString(),
    accountId: s.accountId,
    endpointId: s.endpointId,
    endpointName: s.endpoint,
    ruleId: "rule_test",
    requestId: null,
    method: "POST",
    url: RECEIVER,
    headers: { "content-type": "application/json" },
    body: '{"order":42,"note":"caf\u00e9 \u2603"}',
    connectionId: null,
    maxAttempts: 5,
    hop: 1,
    ownHost: "localhost:8787",
    ...overrides,
  };
  await upsertCallout(env, s.endpointId, asyncRecord(msg, "queued"));
  return msg;
}

/** Runs the consumer on one batch and returns the queue's verdicts. */
export async function consume(
  messages: { msg: CalloutMessage; attempts?: number; id?: string }[],
  opts: ConsumerOptions = {},
) {
  const batch = createMessageBatch<CalloutMessage>(
    "edgemock-callouts",
    messages.map((m, i) => ({
      id: m.id ?? `m${i + 1}`,
      timestamp: new Date(),
      attempts: m.attempts ?? 1,
      body: m.msg,
    })),
  );
  // getQueueResult does not report retry delays, so they are read from the calls themselves.
  const delays: Record<string, number | undefined> = {};
  for (const m of batch.messages) {
    const original = m.retry.bind(m);
    vi.spyOn(m, "retry").mockImplementation((options) => {
      delays[m.id] = options?.delaySeconds;
      original(options);
    });
  }
  const ctx = createExecutionContext();
  await consumeCallouts(batch, env, ctx, opts);
  return { ...(await getQueueResult(batch, ctx)), delays };
}

export async function calloutOf(s: Setup, id: string): Promise<CalloutRecord | null> {
  return endpointLogFor(env, s.endpointId).getCallout(id);
}

/** A body that sends `chunk` forever until cancelled. */
export function endless(chunk: Uint8Array): {
  stream: ReadableStream;
  state: { cancelled: boolean };
} {
  const state = { cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      controller.enqueue(chunk.slice());
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

/** Never settles until the signal aborts (a receiver that hangs). */
export function hang(): Promise<Response> {
  return new Promise<Response>(() => undefined);
}
