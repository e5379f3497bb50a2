/**
 * @module Records a mock hit in its endpoint's history. Runs after the response (waitUntil), so it
 * adds no latency, but under load one Durable Object call per hit costs more CPU than serving the
 * hit: the hits of an endpoint that arrive within FLUSH_MS are sent in one call instead.
 *
 * The hit that opens a batch owns it: its waitUntil sends the batch, so the invocation stays
 * alive until the records are stored. Later hits only add their record (plain data, no I/O
 * object crosses requests) and finish at once. A record reaches history at most FLUSH_MS late.
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
  const body = truncateUtf8(hit.treq.body);
  const headers: Record<string, string> = {};
  for (const [name, value] of hit.req.headers) headers[name] = value;
  return {
    id: hit.requestId,
    at: new Date(hit.started).toISOString(),
    method: hit.req.method,
    path: hit.treq.path,
    query: queryObject(hit.url.searchParams),
    headers,
    body: body.text,
    bodyTruncated: body.truncated,
    ruleId: hit.rule?.id ?? null,
    status: hit.status,
    durationMs: hit.durationMs,
  };
}

/** How long a batch collects hits before it is sent. */
export const FLUSH_MS = 100;
/** A batch is sent early at this many records or this many bytes of bodies. */
const MAX_BATCH_RECORDS = 200;
const MAX_BATCH_BODY_BYTES = 4 * 1024 * 1024;

interface Batch {
  records: RequestRecord[];
  bodyBytes: number;
  /** Sends the batch now instead of at the timer (idempotent). */
  sendNow: () => void;
}

/** The open batch of each endpoint in this isolate, by endpoint id. */
const open = new Map<string, Batch>();

export async function recordMockHit(env: Env, hit: MockHit): Promise<void> {
  const endpointId = hit.config.id;
  const rec = requestRecordOf(hit);
  const joined = open.get(endpointId);
  if (joined) {
    joined.records.push(rec);
    joined.bodyBytes += rec.body.length;
    if (joined.records.length >= MAX_BATCH_RECORDS || joined.bodyBytes >= MAX_BATCH_BODY_BYTES) {
      joined.sendNow();
    }
    return;
  }
  let sendNow = (): void => undefined;
  const batch: Batch = { records: [rec], bodyBytes: rec.body.length, sendNow: () => sendNow() };
  open.set(endpointId, batch);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, FLUSH_MS);
    sendNow = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  if (open.get(endpointId) === batch) open.delete(endpointId);
  try {
    await endpointLogFor(env, endpointId).recordRequests(batch.records);
  } catch (err) {
    // The caller logs this hit's failure; say that the whole batch went with it.
    throw new Error(`${batch.records.length} request record(s) not stored: ${String(err)}`);
  }
}
