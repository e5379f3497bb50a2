/**
 * @module When the broker may reuse, refresh or refuse: pure functions of the cached token, the
 * remembered failure and the clock, so the timing rules are tested without a Durable Object.
 *
 * Refresh timing follows RELIABILITY.md §1 and PEERS.md A3: refresh early by a skew of
 * max(30 s, 10% of the lifetime) capped at 5 min, but never more than half the lifetime, and keep
 * a minimum interval between grants. google-auth-library-python#581 looped when the skew exceeded
 * the token's lifetime; the half-lifetime cap and the interval rule that out.
 */
import type { BrokerFailure, BrokerToken } from "./tokens";

export const MIN_SKEW_MS = 30_000;
export const MAX_SKEW_MS = 5 * 60_000;
/** At most one grant per this interval, however short the lifetime the server hands out. */
export const MIN_GRANT_INTERVAL_MS = 5_000;
const INTERVAL_S = MIN_GRANT_INTERVAL_MS / 1000;
export const FIRST_BACKOFF_MS = 1_000;
export const MAX_BACKOFF_MS = 60_000;
/** invalid_client and friends will not fix themselves (cf-java-client#1026 retried forever). */
export const PERMANENT_BACKOFF_MS = 60_000;

export type Trigger = "cold" | "expiring" | "version" | "rejected" | "test";

/** A token the broker minted, decrypted, as held in memory. */
export interface CachedToken {
  accountId: string;
  connectionId: string;
  /** The connection version whose credentials minted it. */
  version: number;
  token: string;
  tokenId: string;
  headerPrefix: string;
  obtainedAt: number;
  expiresAt: number;
}

/** The last failed grant, served to callers until `until` instead of asking again. */
export interface RememberedFailure {
  failure: BrokerFailure;
  version: number;
  until: number;
  /** Consecutive failures; drives the exponential backoff. */
  streak: number;
}

export interface PlanInput {
  cache: CachedToken | undefined;
  failure: RememberedFailure | undefined;
  version: number;
  rejectedTokenId: string | undefined;
  now: number;
}

/** `trigger` is why the cache is not good enough; "rejected" means the broker drops it. */
export type Plan =
  | { action: "serve"; token: BrokerToken; trigger?: Trigger }
  | { action: "refuse"; token: BrokerFailure; trigger: Trigger }
  | { action: "fetch"; trigger: Trigger };

export function refreshSkewMs(lifetimeMs: number): number {
  const skew = Math.min(Math.max(MIN_SKEW_MS, lifetimeMs / 10), MAX_SKEW_MS);
  return Math.min(skew, lifetimeMs / 2);
}

export function refreshAt(token: CachedToken): number {
  return token.expiresAt - refreshSkewMs(token.expiresAt - token.obtainedAt);
}

/** How long to stop asking after a failure; `streak` counts this one. */
export function backoffMs(failure: BrokerFailure, streak: number): number {
  if (failure.kind === "permanent") return PERMANENT_BACKOFF_MS;
  const exponential = Math.min(FIRST_BACKOFF_MS * 2 ** Math.max(streak - 1, 0), MAX_BACKOFF_MS);
  const asked = Math.min((failure.retryAfterSeconds ?? 0) * 1000, MAX_BACKOFF_MS);
  return Math.max(exponential, asked);
}

export function present(token: CachedToken): BrokerToken {
  return {
    ok: true,
    token: token.token,
    authorization: token.headerPrefix === "" ? token.token : `${token.headerPrefix} ${token.token}`,
    tokenId: token.tokenId,
    expiresAt: token.expiresAt,
  };
}

/** Decides what `getToken` does without a request in flight. */
export function plan(input: PlanInput): Plan {
  const { cache, now } = input;
  const stale = cache && staleness(cache, input);
  if (cache && stale === undefined) return { action: "serve", token: present(cache) };
  const trigger = stale ?? "cold";
  const valid = cache !== undefined && cache.version >= input.version && now < cache.expiresAt;
  const failure = input.failure;
  if (failure && failure.version >= input.version && now < failure.until) {
    // A refresh that may not run yet must not take away a token that still works.
    if (valid && trigger === "expiring") return { action: "serve", token: present(cache), trigger };
    return {
      action: "refuse",
      token: withRetryAfter(failure.failure, failure.until - now),
      trigger,
    };
  }
  if (trigger === "expiring" && cache && now - cache.obtainedAt < MIN_GRANT_INTERVAL_MS) {
    if (valid) return { action: "serve", token: present(cache), trigger };
    // Only a lifetime shorter than the interval gets here: the token is gone and the next grant
    // is not due yet. The caller retries later instead of the broker hammering the server.
    return {
      action: "refuse",
      token: {
        ok: false,
        kind: "transient",
        code: "token_refresh_throttled",
        message:
          `the token endpoint hands out tokens that expire within ${INTERVAL_S} s, and ` +
          `edgemock asks for at most one token per ${INTERVAL_S} s; try again shortly`,
        retryAfterSeconds: Math.ceil((cache.obtainedAt + MIN_GRANT_INTERVAL_MS - now) / 1000),
      },
      trigger,
    };
  }
  return { action: "fetch", trigger };
}

/** Why `cache` cannot be served as it is, or undefined when it can. */
function staleness(cache: CachedToken, input: PlanInput): Trigger | undefined {
  if (cache.version < input.version) return "version";
  if (input.rejectedTokenId !== undefined && input.rejectedTokenId === cache.tokenId) {
    return "rejected";
  }
  if (input.now >= refreshAt(cache)) return "expiring";
  return undefined;
}

function withRetryAfter(failure: BrokerFailure, remainingMs: number): BrokerFailure {
  if (failure.kind === "permanent") return failure;
  return { ...failure, retryAfterSeconds: Math.max(1, Math.ceil(remainingMs / 1000)) };
}
