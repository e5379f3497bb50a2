/**
 * @module Sync callouts: the client waits while edgemock sends the rendered request and relays
 * the target's status, headers and body. The body is streamed, never buffered; a tee keeps the
 * first 64 KB for history. Failures before an answer become problem+json: 504 on timeout, 502
 * otherwise, 508 for a callout loop (RFC 5842 §7.2).
 */
import { newSortableId } from "../db/ids";
import { AppError, problemResponse } from "../http/errors";
import { log } from "../http/log";
import { redactHeaders } from "../logs/redact";
import type { AttemptRecord, CalloutRecord, CalloutState } from "../logs/types";
import type { EndpointConfig } from "../mock/config";
import { isTimeoutError } from "../outbound/abort";
import { policyFor } from "../outbound/policy-env";
import { readCapped, type CappedBody } from "../outbound/read-capped";
import type { TimedResponse } from "../outbound/fetch-with-timeout";
import type { Rule } from "../rules/schema";
import { TemplateRenderError, type TemplateRequest } from "../templates";
import { checkTarget } from "./guard";
import { hopLimitReason, nextHop } from "./message";
import { addAttempts, upsertCallout } from "./record";
import { renderCalloutRequest } from "./render";
import { relayHeaders } from "./relay-headers";
import {
  CALLOUT_TIMEOUT_MS,
  RECORDED_BODY_BYTES,
  calloutHeaders,
  exchange,
  readAttempt,
  type Sent,
} from "./send";

export interface SyncCalloutInput {
  env: Env;
  ctx: ExecutionContext;
  requestId: string;
  config: EndpointConfig;
  rule: Rule;
  treq: TemplateRequest;
  /** Deadline for the target's answer; tests shorten it. */
  timeoutMs?: number;
}

export async function serveSyncCallout(input: SyncCalloutInput): Promise<Response> {
  const { env, ctx, config, rule, treq } = input;
  const callout = rule.callout;
  if (!callout) throw new Error("serveSyncCallout needs a rule with a callout");
  const timeoutMs = input.timeoutMs ?? CALLOUT_TIMEOUT_MS;
  const hop = nextHop(treq.headers);
  const rec: CalloutRecord = {
    id: newSortableId("co"),
    at: new Date().toISOString(),
    ruleId: rule.id,
    requestId: input.requestId,
    mode: "sync",
    method: callout.request.method,
    url: callout.request.url,
    connectionId: callout.connectionId ?? null,
    requestHeaders: {},
    requestBody: "",
    state: "failed",
    attempts: [],
  };
  const save = (state: CalloutState, error: string | undefined, attempts: AttemptRecord[]) =>
    recordSync(env, config.id, { ...rec, state, ...(error ? { error } : {}) }, attempts);
  const finish = (state: CalloutState, error: string | undefined, attempts: AttemptRecord[]) =>
    ctx.waitUntil(save(state, error, attempts));
  let request;
  try {
    request = renderCalloutRequest(config, callout, treq);
  } catch (err) {
    if (err instanceof TemplateRenderError)
      finish("failed", `template_render_failed: ${err.message}`, []);
    throw err;
  }
  Object.assign(rec, {
    url: request.url,
    requestHeaders: redactHeaders(calloutHeaders(request, rec.id, hop)),
    requestBody: request.body ?? "",
  });
  const loop = hopLimitReason(hop);
  if (loop) {
    finish("failed", loop, []);
    return problemResponse(
      new AppError("callout_failed", 508, `The callout was not sent: ${loop}`),
    );
  }
  const policy = policyFor(env, treq.headers.get("host") ?? undefined);
  const check = await checkTarget(env.DB, {
    accountId: config.accountId,
    endpointId: config.id,
    connectionId: rec.connectionId,
    url: request.url,
    policy,
  });
  if (!check.ok) {
    finish("failed", check.reason, []);
    const detail = `The callout was not sent: ${check.reason}`;
    return problemResponse(new AppError("callout_failed", 502, detail));
  }
  const plan = { env, ctx, accountId: config.accountId, calloutId: rec.id, hop, request, policy };
  const { rejected, last } = await exchange({ ...plan, grant: check.grant, timeoutMs }, 1);
  const earlier = rejected ? [rejected] : [];
  if (last.outcome.kind !== "response") {
    const attempt = await readAttempt(last, 1);
    const error = attempt.error ?? "the callout failed";
    finish("failed", error, [...earlier, attempt]);
    return failureResponse(last, error, timeoutMs);
  }
  const { response } = last.outcome.timed;
  const ok = response.status >= 200 && response.status < 300;
  const error = ok ? undefined : `${response.status}: the target answered ${response.status}`;
  const { client, history } = relay(last, last.outcome.timed, timeoutMs);
  ctx.waitUntil(
    history.then((attempt) => save(ok ? "delivered" : "failed", error, [...earlier, attempt])),
  );
  return client;
}

function failureResponse(last: Sent, error: string, timeoutMs: number): Response {
  const { outcome } = last;
  if (outcome.kind === "token") {
    const detail = `The API connection could not supply a token: ${outcome.failure.message}`;
    return problemResponse(new AppError("callout_failed", 502, detail));
  }
  if (outcome.kind === "network" && isTimeoutError(outcome.error)) {
    const detail = `The callout target did not answer within ${Math.round(timeoutMs / 1000)} s`;
    return problemResponse(new AppError("callout_timeout", 504, detail));
  }
  return problemResponse(
    new AppError("callout_failed", 502, `The callout target could not be reached: ${error}`),
  );
}

/**
 * Streams the target's answer to the client. The deadline stops here: it covered the wait for
 * headers, and cutting a long download at 30 s would break the relay. The history copy reads
 * its own tee branch under a fresh deadline and never slows the client.
 */
function relay(
  sent: Sent,
  timed: TimedResponse,
  timeoutMs: number,
): { client: Response; history: Promise<AttemptRecord> } {
  const { response } = timed;
  let toClient: ReadableStream | null = null;
  let copy: Promise<CappedBody> = Promise.resolve({ text: "", truncated: false, bytes: 0 });
  if (response.body) {
    const [a, b] = response.body.tee();
    toClient = a;
    copy = readCapped(new Response(b), RECORDED_BODY_BYTES, AbortSignal.timeout(timeoutMs));
  }
  // The body is locked by the tee, so this only clears the deadline timer.
  timed.discard();
  const attempt: AttemptRecord = {
    at: sent.at,
    attempt: 1,
    status: response.status,
    durationMs: Date.now() - sent.started,
    responseHeaders: redactHeaders(response.headers),
  };
  const history = copy.then(
    (body) => ({ ...attempt, responseBody: body.text, responseBodyTruncated: body.truncated }),
    () => ({ ...attempt, error: "the response body was not fully read for history" }),
  );
  const client = new Response(toClient, {
    status: response.status,
    statusText: response.statusText,
    headers: relayHeaders(response.headers),
  });
  return { client, history };
}

async function recordSync(
  env: Env,
  endpointId: string,
  rec: CalloutRecord,
  attempts: AttemptRecord[],
): Promise<void> {
  try {
    await upsertCallout(env, endpointId, rec);
    const last = attempts.length - 1;
    await addAttempts(
      env,
      endpointId,
      rec.id,
      attempts.map((record, i) =>
        i === last
          ? { record, state: rec.state, ...(rec.error ? { error: rec.error } : {}) }
          : { record, state: "retrying" as const },
      ),
    );
  } catch (err) {
    log("error", "sync callout could not be recorded", {
      calloutId: rec.id,
      endpointId,
      error: err instanceof Error ? err.message : String(err),
    });
  }
}
