/**
 * @module One exchange with a callout target, shared by sync and async callouts: fetch a token
 * when the callout uses a connection, send, and after a 401 refresh the token once and send again
 * (RFC 6750 §3.1 `invalid_token`; RELIABILITY test 11). A second 401 is the answer: no loop.
 */
import type { BrokerFailure, BrokerToken } from "../connections/tokens";
import { brokerFor } from "../connections/tokens";
import { log } from "../http/log";
import type { AttemptRecord } from "../logs/types";
import { redactHeaders } from "../logs/redact";
import { describeNetworkError } from "../outbound/classify";
import { fetchWithTimeout, type TimedResponse } from "../outbound/fetch-with-timeout";
import type { OutboundPolicy } from "../outbound/policy-env";
import type { Grant } from "./guard";
import { fetcherFor } from "./internal";
import { HOP_HEADER } from "./message";
import type { RenderedRequest } from "./render";

/** Each send gives up after this long, body read included (RELIABILITY test 27). */
export const CALLOUT_TIMEOUT_MS = 30_000;

/** Bytes of a target's answer kept in history; the rest is cancelled unread (test 28). */
export const RECORDED_BODY_BYTES = 64 * 1024;

export interface SendPlan {
  env: Env;
  ctx: ExecutionContext;
  accountId: string;
  calloutId: string;
  hop: number;
  request: RenderedRequest;
  grant: Grant | null;
  policy: OutboundPolicy;
  timeoutMs: number;
}

export type SendOutcome =
  | { kind: "response"; timed: TimedResponse }
  | { kind: "network"; error: unknown }
  | { kind: "token"; failure: BrokerFailure };

export interface Sent {
  at: string;
  started: number;
  /** Headers as sent, credentials redacted: safe to record. */
  headers: Record<string, string>;
  tokenId: string | null;
  outcome: SendOutcome;
}

export interface Exchange {
  /** The 401 that made us refresh the token, already read and recorded; null when none. */
  rejected: AttemptRecord | null;
  last: Sent;
}

export async function exchange(plan: SendPlan, attempt: number): Promise<Exchange> {
  const first = await sendOnce(plan);
  const status = first.outcome.kind === "response" ? first.outcome.timed.response.status : 0;
  if (status !== 401 || plan.grant === null || first.tokenId === null) {
    return { rejected: null, last: first };
  }
  const rejected = await readAttempt(first, attempt);
  rejected.error = "401: the target rejected the token; edgemock refreshed it and sent again";
  const second = await sendOnce(plan, first.tokenId, Date.parse(first.at));
  return { rejected, last: second };
}

/** Headers every send carries on top of the rule's own. */
export function calloutHeaders(request: RenderedRequest, calloutId: string, hop: number): Headers {
  const headers = new Headers(request.headers);
  // Same key on every attempt, so a receiver can drop duplicates (API.md "History").
  headers.set("idempotency-key", calloutId);
  headers.set(HOP_HEADER, String(hop));
  return headers;
}

async function sendOnce(plan: SendPlan, rejectedTokenId?: string, afterMs = 0): Promise<Sent> {
  const started = Date.now();
  // Strictly after the previous send, so the two attempt records of a 401 retry stay distinct.
  const at = new Date(Math.max(started, afterMs + 1)).toISOString();
  const headers = calloutHeaders(plan.request, plan.calloutId, plan.hop);
  let tokenId: string | null = null;
  if (plan.grant) {
    const token = await tokenFor(plan, plan.grant, rejectedTokenId);
    if (!token.ok) {
      return {
        at,
        started,
        headers: redactHeaders(headers),
        tokenId,
        outcome: { kind: "token", failure: token },
      };
    }
    headers.set("authorization", token.authorization);
    tokenId = token.tokenId;
  }
  const fetcher = fetcherFor(plan.request.url, plan.policy, plan.env, plan.ctx);
  const init = { method: plan.request.method, headers, body: plan.request.body };
  let outcome: SendOutcome;
  try {
    outcome = {
      kind: "response",
      timed: await fetchWithTimeout(fetcher, plan.request.url, init, plan.timeoutMs),
    };
  } catch (error) {
    outcome = { kind: "network", error };
  }
  return { at, started, headers: redactHeaders(headers), tokenId, outcome };
}

async function tokenFor(
  plan: SendPlan,
  grant: Grant,
  rejectedTokenId: string | undefined,
): Promise<BrokerToken> {
  try {
    return await getToken(plan, grant, rejectedTokenId);
  } catch (err) {
    // The broker itself failed (evicted mid-call, overloaded): nothing says the token is bad.
    log("warn", "token broker call failed", {
      calloutId: plan.calloutId,
      connectionId: grant.connectionId,
      error: err instanceof Error ? err.name : "unknown",
    });
    return {
      ok: false,
      kind: "transient",
      code: "broker_unavailable",
      message: "the connection's token service did not answer",
    };
  }
}

function getToken(plan: SendPlan, grant: Grant, rejectedTokenId: string | undefined) {
  const { accountId } = plan;
  const { connectionId, version } = grant;
  return brokerFor(plan.env, accountId, connectionId).getToken({
    accountId,
    connectionId,
    version,
    ...(rejectedTokenId ? { rejectedTokenId } : {}),
  });
}

/** The attempt as history shows it; reads (at most 64 KB of) the body under the deadline. */
export async function readAttempt(sent: Sent, attempt: number): Promise<AttemptRecord> {
  const base: AttemptRecord = { at: sent.at, attempt, durationMs: 0 };
  const { outcome } = sent;
  if (outcome.kind === "token") {
    const { code, message } = outcome.failure;
    return { ...base, durationMs: Date.now() - sent.started, error: tokenError(code, message) };
  }
  if (outcome.kind === "network") {
    const error = describeNetworkError(outcome.error);
    return { ...base, durationMs: Date.now() - sent.started, error };
  }
  const { response } = outcome.timed;
  const record: AttemptRecord = {
    ...base,
    status: response.status,
    responseHeaders: redactHeaders(response.headers),
  };
  try {
    const body = await outcome.timed.readBody(RECORDED_BODY_BYTES);
    record.responseBody = body.text;
    record.responseBodyTruncated = body.truncated;
  } catch (err) {
    record.error = `the response body could not be read: ${describeNetworkError(err)}`;
  }
  record.durationMs = Date.now() - sent.started;
  return record;
}

export function tokenError(code: string, message: string): string {
  return `token_failed: ${code}: ${message}`;
}
