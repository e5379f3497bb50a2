/**
 * @module The callouts queue consumer and its dead-letter consumer. Every message is acked or
 * retried on its own (a throw would retry the whole batch, RELIABILITY §4 and test 26), and
 * nothing is acked after a failure unless it is recorded as failed (STYLE habit 8).
 */
import { log } from "../http/log";
import { endpointLogFor } from "../logs/client";
import { RETRY_BUDGET_SECONDS, firstRetrySeconds, retryDelaySeconds } from "./backoff";
import { deliverAttempt, type Delivery, type DeliveryOptions, type Verdict } from "./deliver";
import { asCalloutMessage, type CalloutMessage } from "./message";
import { MAX_IN_FLIGHT, runPool } from "./pool";
import { addAttempts, asyncRecord, upsertCallout } from "./record";

export interface ConsumerOptions extends DeliveryOptions {
  /** Sends in flight at once; never more than MAX_IN_FLIGHT. */
  concurrency?: number;
  now?: () => number;
}

export async function consumeCallouts(
  batch: MessageBatch,
  env: Env,
  ctx: ExecutionContext,
  opts: ConsumerOptions = {},
): Promise<void> {
  const limit = Math.min(opts.concurrency ?? MAX_IN_FLIGHT, MAX_IN_FLIGHT);
  opts = { firstRetrySeconds: firstRetrySeconds(env), ...opts };
  await runPool(batch.messages, limit, (message) => handleMessage(message, env, ctx, opts));
}

async function handleMessage(
  message: Message,
  env: Env,
  ctx: ExecutionContext,
  opts: ConsumerOptions,
): Promise<void> {
  const msg = asCalloutMessage(message.body);
  if (!msg) {
    log("error", "callout message has an unknown shape; dropped", { messageId: message.id });
    message.ack();
    return;
  }
  const attempt = message.attempts;
  try {
    if (attempt > msg.maxAttempts) {
      // Only after a consumer crash on the last attempt: give up without sending again.
      const error = `gave up after ${msg.maxAttempts} attempts`;
      await upsertCallout(env, msg.endpointId, asyncRecord(msg, "failed", error));
      message.ack();
      return;
    }
    const delivery = await deliverAttempt(env, ctx, msg, attempt, opts);
    const verdict = settle(delivery.verdict, msg, attempt, (opts.now ?? Date.now)());
    logAttempt(msg, attempt, delivery, verdict);
    if (verdict.state === "delivered") {
      // Delivered is done even if history is down: sending again to record it would be worse.
      message.ack();
      await record(env, msg, delivery, verdict).catch((err: unknown) => recordFailed(msg, err));
      return;
    }
    await record(env, msg, delivery, verdict);
    if (verdict.state === "retrying") message.retry({ delaySeconds: verdict.delaySeconds });
    else message.ack();
  } catch (err) {
    recordFailed(msg, err);
    const delaySeconds = retryDelaySeconds(attempt, undefined, opts.random, opts.firstRetrySeconds);
    message.retry({ delaySeconds });
  }
}

/** A retry that is not allowed any more becomes a failure with the reason. */
function settle(verdict: Verdict, msg: CalloutMessage, attempt: number, now: number): Verdict {
  if (verdict.state !== "retrying") return verdict;
  if (attempt >= msg.maxAttempts) {
    return { state: "failed", error: `gave up after ${attempt} attempts; last: ${verdict.error}` };
  }
  const elapsed = (now - Date.parse(msg.at)) / 1000;
  if (elapsed + verdict.delaySeconds > RETRY_BUDGET_SECONDS) {
    return {
      state: "failed",
      error:
        `gave up after ${attempt} attempts: the next retry would outlive the queue's ` +
        `retention; last: ${verdict.error}`,
    };
  }
  return verdict;
}

async function record(env: Env, msg: CalloutMessage, delivery: Delivery, verdict: Verdict) {
  const final = verdict.state === "delivered" ? undefined : verdict.error;
  const attempts = delivery.records.map((r, i) => {
    const last = i === delivery.records.length - 1;
    return last
      ? { record: r, state: verdict.state, ...(final === undefined ? {} : { error: final }) }
      : { record: r, state: "retrying" as const };
  });
  await addAttempts(env, msg.endpointId, msg.calloutId, attempts);
}

function logAttempt(msg: CalloutMessage, attempt: number, delivery: Delivery, verdict: Verdict) {
  const last = delivery.records[delivery.records.length - 1];
  log(verdict.state === "failed" ? "warn" : "info", "callout attempt", {
    calloutId: msg.calloutId,
    endpointId: msg.endpointId,
    ruleId: msg.ruleId,
    attempt,
    sends: delivery.records.length,
    status: delivery.status ?? null,
    outcome: verdict.state,
    durationMs: last?.durationMs ?? 0,
  });
}

function recordFailed(msg: CalloutMessage, err: unknown): void {
  log("error", "callout could not be processed or recorded", {
    calloutId: msg.calloutId,
    endpointId: msg.endpointId,
    error: err instanceof Error ? err.message : String(err),
  });
}

/**
 * Messages land here only when the main consumer kept throwing (it gives up and records by
 * itself otherwise). Each is recorded failed unless history already shows it settled.
 */
export async function consumeDeadLetters(batch: MessageBatch, env: Env): Promise<void> {
  for (const message of batch.messages) {
    const msg = asCalloutMessage(message.body);
    if (!msg) {
      log("error", "dead-letter callout message has an unknown shape; dropped", {
        messageId: message.id,
      });
      message.ack();
      continue;
    }
    try {
      const existing = await endpointLogFor(env, msg.endpointId).getCallout(msg.calloutId);
      if (existing?.state !== "delivered" && existing?.state !== "failed") {
        const tries = existing?.attempts.reduce((n, a) => Math.max(n, a.attempt), 0) ?? 0;
        const error = `gave up after ${tries} attempts: the queue stopped retrying the callout`;
        await upsertCallout(env, msg.endpointId, asyncRecord(msg, "failed", error));
      }
      log("warn", "callout dead-lettered", {
        calloutId: msg.calloutId,
        endpointId: msg.endpointId,
      });
      message.ack();
    } catch (err) {
      recordFailed(msg, err);
      message.retry();
    }
  }
}
