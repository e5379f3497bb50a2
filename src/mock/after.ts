/**
 * @module What happens after a mock response has gone out (inside `ctx.waitUntil`): the hit is
 * recorded in the endpoint's history and an async callout is started. Neither may slow the hit,
 * and a failure of one never stops the other or reaches the client.
 */
import { enqueueAsyncCallout } from "../callouts/enqueue";
import { log } from "../http/log";
import { recordMockHit } from "../logs/record";
import type { Rule } from "../rules/schema";
import type { TemplateRequest } from "../templates";
import type { EndpointConfig } from "./config";

export interface MockHit {
  /** Id of the request record; callouts point back to it. */
  requestId: string;
  config: EndpointConfig;
  rule: Rule | null;
  req: Request;
  url: URL;
  /**
   * The request as templates saw it (path relative to the endpoint, body, path params); the
   * history record and callout templates read it from here.
   */
  treq: TemplateRequest;
  started: number;
  status: number;
  durationMs: number;
}

export async function afterMockResponse(env: Env, hit: MockHit): Promise<void> {
  const results = await Promise.allSettled([
    recordMockHit(env, hit),
    hit.rule?.callout?.mode === "async" ? enqueueAsyncCallout(env, hit) : Promise.resolve(),
  ]);
  for (const r of results) {
    if (r.status === "rejected") {
      log("error", "after-response work failed", {
        endpoint: hit.config.name,
        requestId: hit.requestId,
        error: String(r.reason),
      });
    }
  }
}
