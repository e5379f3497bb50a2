/**
 * @module RFC 6749 §4.4 client-credentials token requests. Pure apart from the injected `fetch`:
 * no logging, no storage, no retries. The broker decides what to do with the outcome.
 */
import { isTimeoutError } from "../outbound/abort";
import { describeNetworkError } from "../outbound/classify";
import type { Fetcher, TimedResponse } from "../outbound/fetch-with-timeout";
import { fetchWithTimeout } from "../outbound/fetch-with-timeout";
import type { CappedBody } from "../outbound/read-capped";
import { buildTokenRequest } from "./client-auth";
import type { Scrubber } from "./redact";
import { interpretTokenResponse } from "./token-response";
import type { TokenFailure, TokenOutcome, TokenRequestConfig } from "./token-types";

export { basicCredentials, formUrlEncode } from "./client-auth";
export type {
  ClientAuth,
  TokenErrorCode,
  TokenFailure,
  TokenOutcome,
  TokenRequestConfig,
} from "./token-types";
export { DEFAULT_TOKEN_TTL_SECONDS, MAX_TOKEN_TTL_SECONDS } from "./token-types";

/** Covers connect, headers and the body read together. */
export const DEFAULT_TOKEN_TIMEOUT_MS = 10_000;
/** Token answers are a few KB; anything bigger is refused unread (RELIABILITY.md test 8). */
export const MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;

export interface TokenClientDeps {
  fetch?: Fetcher;
  timeoutMs?: number;
  maxResponseBytes?: number;
  now?: () => number;
  /**
   * Further values to keep out of messages, e.g. the token the broker holds now: an error body
   * may echo it, and this module cannot know it otherwise (RELIABILITY.md test 21).
   */
  sensitive?: readonly string[];
}

export async function requestToken(
  cfg: TokenRequestConfig,
  deps: TokenClientDeps = {},
): Promise<TokenOutcome> {
  // Wrapped: workerd rejects a bare reference to the global fetch called without its receiver.
  const fetcher: Fetcher = deps.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TOKEN_TIMEOUT_MS;
  const maxBytes = deps.maxResponseBytes ?? MAX_TOKEN_RESPONSE_BYTES;
  const now = deps.now ?? Date.now;

  const built = buildTokenRequest(cfg);
  if (!built.ok) return built.failure;
  const { url, init, scrubber } = built.request;
  for (const value of deps.sensitive ?? []) scrubber.add(value);

  let timed: TimedResponse;
  try {
    timed = await fetchWithTimeout(fetcher, url, init, timeoutMs);
  } catch (err) {
    return transportFailure(err, timeoutMs);
  }
  const { response } = timed;
  if (response.status >= 300 && response.status < 400) {
    timed.discard();
    return redirectFailure(response, url, scrubber);
  }
  let body: CappedBody;
  try {
    body = await timed.readBody(maxBytes);
  } catch (err) {
    return transportFailure(err, timeoutMs, response.status);
  }
  if (body.truncated) {
    return {
      ok: false,
      kind: "permanent",
      code: "token_response_too_large",
      message:
        `the token endpoint answered ${response.status} with more than ${maxBytes / 1024} KiB; ` +
        "a token answer is a few KB, so check the token URL",
      httpStatus: response.status,
    };
  }
  return interpretTokenResponse(
    { status: response.status, headers: response.headers, text: body.text },
    { clientAuth: cfg.clientAuth, scrubber, nowMs: now() },
  );
}

function transportFailure(err: unknown, timeoutMs: number, httpStatus?: number): TokenFailure {
  const status = httpStatus === undefined ? {} : { httpStatus };
  if (isTimeoutError(err)) {
    return {
      ok: false,
      kind: "transient",
      code: "token_endpoint_timeout",
      message: `the token endpoint took longer than ${timeoutMs / 1000} s`,
      ...status,
    };
  }
  return {
    ok: false,
    kind: "transient",
    code: "token_endpoint_unreachable",
    message: `could not reach the token endpoint: ${describeNetworkError(err)}`,
    ...status,
  };
}

/** RFC 9700 §4.12: a 307/308 would replay the credentials to wherever Location points. */
function redirectFailure(response: Response, base: URL, scrubber: Scrubber): TokenFailure {
  let target = "another URL";
  const location = response.headers.get("location");
  if (location !== null) {
    try {
      // Origin and path only: a query may hold anything, including our own parameters.
      const resolved = new URL(location, base);
      target = scrubber.clean(`${resolved.origin}${resolved.pathname}`, 120) ?? target;
    } catch {
      // An unparsable Location changes nothing: we never go there.
    }
  }
  return {
    ok: false,
    kind: "permanent",
    code: "token_endpoint_redirect",
    message:
      `the token endpoint redirected to ${target}; edgemock does not follow token-endpoint ` +
      "redirects (RFC 9700 §4.12), so use the final URL as the token URL",
    httpStatus: response.status,
  };
}
