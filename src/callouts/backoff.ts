/**
 * @module When to try an async callout again. Exponential backoff with ±20 % jitter (so a burst
 * of failures does not come back as a burst), Retry-After honoured (RFC 9110 §10.2.3), every
 * delay at most 12 h, the longest retry delay Cloudflare Queues accepts (RELIABILITY §4).
 */
import { MAX_RETRY_AFTER_SECONDS } from "../outbound/classify";

/**
 * First retry after ~30 s, then ×5: 30 s, 2.5 min, 12.5 min, ~1 h, ~5 h, 12 h, 12 h, ...
 * The var CALLOUT_RETRY_FIRST_SECONDS changes the first step (the end-to-end tests use 1 s).
 */
export const FIRST_DELAY_SECONDS = 30;

/** The first retry step from the environment, or the default when unset or not a number. */
export function firstRetrySeconds(env: { CALLOUT_RETRY_FIRST_SECONDS?: string }): number {
  const value = Number(env.CALLOUT_RETRY_FIRST_SECONDS);
  return Number.isFinite(value) && value >= 0 ? value : FIRST_DELAY_SECONDS;
}
const FACTOR = 5;

/**
 * Messages live 4 days on the queue by default and expire without reaching the dead-letter
 * queue, so a callout whose next retry would land past 3.5 days is given up and recorded instead
 * of being lost unrecorded.
 */
export const RETRY_BUDGET_SECONDS = 3.5 * 24 * 3600;

/** Delay before retry number `attempt` + 1, where `attempt` is the 1-based attempt that failed. */
export function retryDelaySeconds(
  attempt: number,
  retryAfterSeconds: number | undefined,
  random: () => number = Math.random,
  firstDelaySeconds: number = FIRST_DELAY_SECONDS,
): number {
  if (retryAfterSeconds !== undefined) {
    return Math.min(Math.max(Math.ceil(retryAfterSeconds), 0), MAX_RETRY_AFTER_SECONDS);
  }
  const exponent = Math.min(Math.max(attempt - 1, 0), 20);
  const base = Math.min(firstDelaySeconds * FACTOR ** exponent, MAX_RETRY_AFTER_SECONDS);
  const jittered = base * (0.8 + 0.4 * random());
  return Math.min(Math.round(jittered), MAX_RETRY_AFTER_SECONDS);
}
