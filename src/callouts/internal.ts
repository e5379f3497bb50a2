/**
 * @module Callouts to edgemock's own mock endpoints are served inside the Worker: no network hop,
 * and both sides land in history (a user can mock a token endpoint on one endpoint and receive
 * callouts on another). Loops are stopped by the hop counter (message.ts), not here.
 */
import { serveMock } from "../mock/serve";
import type { Fetcher } from "../outbound/fetch-with-timeout";
import type { OutboundPolicy } from "../outbound/policy-env";
import { internalTarget } from "../outbound/url-policy";

/** A fetch for `url`: the real network, or `serveMock` when the URL is one of our endpoints. */
export function fetcherFor(
  url: string,
  policy: OutboundPolicy,
  env: Env,
  ctx: ExecutionContext,
): Fetcher {
  const target = internalTarget(url, policy);
  // Looked up at call time, not captured, so tests can stub globalThis.fetch.
  if (!target) return (input, init) => fetch(input, init);
  return async (input, init) => serveMock(new Request(input, init), target, env, ctx);
}
