/**
 * @module Records a mock hit in its endpoint's history. Runs after the response (waitUntil), so it
 * costs the hit nothing; it is one RPC to the EndpointLog and no D1.
 */
import type { MockHit } from "../mock/after";
import { endpointLogFor } from "./client";
import { truncateUtf8 } from "./truncate";
import type { RequestRecord } from "./types";

/** Query parameters as an object; a key given more than once holds all its values in order. */
export function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of params) {
    const seen = out[key];
    if (seen === undefined) out[key] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else out[key] = [seen, value];
  }
  return out;
}

export function requestRecordOf(hit: MockHit): RequestRecord {
  // Cut here as well as in the object, so a 1 MiB body is not copied over RPC to be dropped.
  const body = truncateUtf8(hit.body);
  const headers: Record<string, string> = {};
  for (const [name, value] of hit.req.headers) headers[name] = value;
  return {
    id: hit.requestId,
    at: new Date(hit.started).toISOString(),
    method: hit.req.method,
    path: hit.path,
    query: queryObject(hit.url.searchParams),
    headers,
    body: body.text,
    bodyTruncated: body.truncated,
    ruleId: hit.rule?.id ?? null,
    status: hit.status,
    durationMs: hit.durationMs,
  };
}

export async function recordMockHit(env: Env, hit: MockHit): Promise<void> {
  await endpointLogFor(env, hit.config.id).recordRequest(requestRecordOf(hit));
}
