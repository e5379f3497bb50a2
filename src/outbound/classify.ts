/**
 * @module The one permanent-vs-transient split for outbound failures. The token client and the
 * callout sender both use it, so a 503 or a reset means the same thing everywhere
 * (RELIABILITY.md "One classifier", tests 4–6 and 24).
 */
import { isTimeoutError } from "./abort";

export type FailureKind = "permanent" | "transient";

export interface FailureClass {
  kind: FailureKind;
  /** Seconds the server asked us to wait (`Retry-After`), only on transient failures. */
  retryAfterSeconds?: number;
}

/** 12 h: the longest delay Cloudflare Queues accepts for a retry. */
export const MAX_RETRY_AFTER_SECONDS = 43_200;

/**
 * Classifies a non-2xx answer. 408, 425, 429 and 5xx say "try again later"; any other 4xx will
 * not change by retrying; 3xx is permanent because redirects are never followed.
 */
export function classifyHttpFailure(
  status: number,
  headers: Headers,
  nowMs: number = Date.now(),
): FailureClass {
  const transient = status === 408 || status === 425 || status === 429 || status >= 500;
  if (!transient) return { kind: "permanent" };
  const retryAfterSeconds = parseRetryAfter(headers.get("retry-after"), nowMs);
  return retryAfterSeconds === undefined
    ? { kind: "transient" }
    : { kind: "transient", retryAfterSeconds };
}

/** Network errors and timeouts are transient: the next attempt may find the peer up again. */
export function classifyNetworkError(err: unknown): FailureClass {
  void err;
  return { kind: "transient" };
}

/**
 * `Retry-After` is `delay-seconds` or an HTTP-date (RFC 9110 §10.2.3). Returns whole seconds from
 * `nowMs`, at least 0 and at most `MAX_RETRY_AFTER_SECONDS`; undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed), MAX_RETRY_AFTER_SECONDS);
  // Date.parse reads bare numbers as years, so only text with letters can be an HTTP-date.
  if (!/[A-Za-z]/.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  const seconds = Math.ceil((at - nowMs) / 1000);
  return Math.min(Math.max(seconds, 0), MAX_RETRY_AFTER_SECONDS);
}

/**
 * A short, user-facing reason for a failed connection, without URLs or runtime internals.
 * workerd's messages are not a stable API, so unknown ones fall back to a generic phrase.
 */
export function describeNetworkError(err: unknown): string {
  if (isTimeoutError(err)) return "no answer before the timeout";
  const message = err instanceof Error ? err.message : String(err);
  if (/refused/i.test(message)) return "connection refused";
  if (/reset|connection lost|closed/i.test(message)) return "the connection was reset";
  if (/dns|resolve|not known|ENOTFOUND/i.test(message))
    return "the host name could not be resolved";
  if (/tls|ssl|certificate|handshake/i.test(message)) return "the TLS handshake failed";
  return "network error";
}
