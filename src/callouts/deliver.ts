/**
 * @module One delivery attempt of an async callout and what it means: delivered, try again later,
 * or failed for good. Status mapping follows Standard Webhooks and RELIABILITY test 24: 2xx is
 * success; 3xx is a failure and never followed; 410 means the target is gone; 408, 429 and 5xx
 * are retried (honouring Retry-After); any other 4xx will not change by retrying.
 */
import type { AttemptRecord } from "../logs/types";
import { classifyHttpFailure } from "../outbound/classify";
import { policyFor } from "../outbound/policy-env";
import { retryDelaySeconds } from "./backoff";
import { checkTarget } from "./guard";
import type { CalloutMessage } from "./message";
import { CALLOUT_TIMEOUT_MS, exchange, readAttempt, type Sent } from "./send";

export type Verdict =
  | { state: "delivered" }
  | { state: "retrying"; delaySeconds: number; error: string }
  | { state: "failed"; error: string };

export interface DeliveryOptions {
  /** Per-send deadline; tests shorten it. */
  timeoutMs?: number;
  /** Jitter source; tests pin it. */
  random?: () => number;
  /** First retry step in seconds (default: the env var, else 30). */
  firstRetrySeconds?: number;
}

export interface Delivery {
  /** One record per HTTP send (two after a 401 and a token refresh), or one refusal. */
  records: AttemptRecord[];
  /** Set only when a send got an HTTP answer. */
  status?: number;
  verdict: Verdict;
}

export async function deliverAttempt(
  env: Env,
  ctx: ExecutionContext,
  msg: CalloutMessage,
  attempt: number,
  opts: DeliveryOptions = {},
): Promise<Delivery> {
  const policy = policyFor(env, msg.ownHost ?? undefined);
  const at = new Date().toISOString();
  const check = await checkTarget(env.DB, {
    accountId: msg.accountId,
    endpointId: msg.endpointId,
    connectionId: msg.connectionId,
    url: msg.url,
    policy,
  });
  if (!check.ok) {
    const record: AttemptRecord = { at, attempt, durationMs: 0, error: check.reason };
    return { records: [record], verdict: { state: "failed", error: check.reason } };
  }
  const { rejected, last } = await exchange(
    {
      env,
      ctx,
      accountId: msg.accountId,
      calloutId: msg.calloutId,
      hop: msg.hop,
      request: { method: msg.method, url: msg.url, headers: msg.headers, body: msg.body },
      grant: check.grant,
      policy,
      timeoutMs: opts.timeoutMs ?? CALLOUT_TIMEOUT_MS,
    },
    attempt,
  );
  const record = await readAttempt(last, attempt);
  const verdict = judge(last, record, rejected !== null, attempt, opts);
  if (verdict.state !== "delivered") record.error ??= verdict.error;
  return {
    records: rejected ? [rejected, record] : [record],
    ...(record.status === undefined ? {} : { status: record.status }),
    verdict,
  };
}

function judge(
  sent: Sent,
  record: AttemptRecord,
  refreshed: boolean,
  attempt: number,
  opts: DeliveryOptions,
): Verdict {
  const { outcome } = sent;
  const retry = (error: string, retryAfter?: number): Verdict => ({
    state: "retrying",
    delaySeconds: retryDelaySeconds(attempt, retryAfter, opts.random, opts.firstRetrySeconds),
    error,
  });
  if (outcome.kind === "token") {
    const error = record.error ?? "token_failed";
    return outcome.failure.kind === "transient"
      ? retry(error, outcome.failure.retryAfterSeconds)
      : { state: "failed", error };
  }
  if (outcome.kind === "network") return retry(`network: ${record.error ?? "network error"}`);
  const { response } = outcome.timed;
  const status = response.status;
  if (status >= 200 && status < 300) return { state: "delivered" };
  if (status === 410) return { state: "failed", error: "410: the target is gone" };
  if (status === 401 && refreshed) {
    return { state: "failed", error: "401: the target rejected a freshly minted token too" };
  }
  if (status >= 300 && status < 400) {
    return { state: "failed", error: `${status}: redirects are not followed` };
  }
  const failure = classifyHttpFailure(status, response.headers);
  const error = `${status}: the target answered ${status}`;
  return failure.kind === "transient"
    ? retry(error, failure.retryAfterSeconds)
    : { state: "failed", error };
}
