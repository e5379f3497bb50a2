/**
 * @module Deadline plumbing shared by every outbound request (token requests and callouts).
 */

/** The request (headers or body) did not finish before its deadline. */
export class OutboundTimeoutError extends Error {
  override readonly name = "OutboundTimeoutError";

  constructor(readonly timeoutMs: number) {
    super(`no complete answer within ${timeoutMs} ms`);
  }
}

export function isTimeoutError(err: unknown): err is OutboundTimeoutError {
  return err instanceof OutboundTimeoutError;
}

/**
 * Settles with `work`, or rejects with `signal.reason` as soon as the signal aborts. We race
 * instead of trusting the callee to honour the signal: an injected fetch or a stream source may
 * ignore it, and the deadline must hold anyway.
 */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error("aborted");
}
