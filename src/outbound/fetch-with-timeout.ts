/**
 * @module One deadline for a whole outbound exchange: connect, headers and body read.
 *
 * `AbortSignal.timeout` alone is not enough: once headers arrive, `fetch` resolves and a body that
 * trickles one byte a second would keep the caller (and a Durable Object waiting on it) busy
 * forever (RELIABILITY.md test 7). So the deadline is handed back with the response and every
 * body read is raced against it.
 */
import { OutboundTimeoutError, raceAbort } from "./abort";
import type { CappedBody } from "./read-capped";
import { discardBody, readCapped } from "./read-capped";

export type Fetcher = typeof fetch;

/** Request options a caller may set; `signal` and `redirect` are ours. */
export type OutboundInit = Omit<RequestInit, "signal" | "redirect">;

export interface TimedResponse {
  readonly response: Response;
  /** Aborts when the deadline passes; its reason is an `OutboundTimeoutError`. */
  readonly signal: AbortSignal;
  /** Reads at most `maxBytes` of the body under the same deadline, then clears the timer. */
  readBody(maxBytes: number): Promise<CappedBody>;
  /** Cancels the unread body and clears the timer. */
  discard(): void;
}

/**
 * Sends the request with `redirect: "manual"` always: a redirect can carry credentials to another
 * host (RFC 9700 §4.12), so the caller sees the 3xx and decides. Rejects with
 * `OutboundTimeoutError` when no response arrives within `timeoutMs`, or with the fetch error.
 */
export async function fetchWithTimeout(
  fetcher: Fetcher,
  input: string | URL,
  init: OutboundInit,
  timeoutMs: number,
): Promise<TimedResponse> {
  const controller = new AbortController();
  const { signal } = controller;
  const timer = setTimeout(() => controller.abort(new OutboundTimeoutError(timeoutMs)), timeoutMs);
  const pending = fetcher(input, { ...init, redirect: "manual", signal });
  // A response that lands after the deadline is nobody's: release its connection.
  pending.then(
    (late) => {
      if (signal.aborted) discardBody(late);
    },
    () => undefined,
  );
  let response: Response;
  try {
    response = await raceAbort(pending, signal);
  } catch (err) {
    clearTimeout(timer);
    throw signal.aborted ? new OutboundTimeoutError(timeoutMs) : err;
  }
  return {
    response,
    signal,
    async readBody(maxBytes: number): Promise<CappedBody> {
      try {
        return await readCapped(response, maxBytes, signal);
      } catch (err) {
        throw signal.aborted ? new OutboundTimeoutError(timeoutMs) : err;
      } finally {
        clearTimeout(timer);
      }
    },
    discard(): void {
      clearTimeout(timer);
      discardBody(response);
    },
  };
}
