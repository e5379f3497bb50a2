/**
 * @module The one message type the callout producer (enqueue.ts) and consumer (consumer.ts)
 * share, plus the size and hop rules that apply to it.
 */
import { DEFAULT_CALLOUT_ATTEMPTS, MAX_CALLOUT_ATTEMPTS } from "../rules/limits";

export interface CalloutMessage {
  /** Callout id; also the `Idempotency-Key` of every attempt. */
  calloutId: string;
  /** When the callout was queued (ISO 8601); the retention budget counts from here. */
  at: string;
  accountId: string;
  endpointId: string;
  endpointName: string;
  ruleId: string;
  requestId: string | null;
  method: string;
  /** Rendered, checked against the URL policy at enqueue and again before each send. */
  url: string;
  /** Rendered rule headers; edgemock's own headers are added at send time. */
  headers: Record<string, string>;
  /** Rendered body, sent byte for byte on every attempt; null for none. */
  body: string | null;
  connectionId: string | null;
  maxAttempts: number;
  /** Value of `x-edgemock-hop` this callout carries (1 for a callout started by a client). */
  hop: number;
  /** Host the triggering request came in on, so the consumer knows edgemock's own hosts. */
  ownHost: string | null;
}

/**
 * Cloudflare Queues refuses messages over 128 KB. Messages are sent with `contentType: "json"`,
 * so the UTF-8 length of the JSON is what the queue stores; 1 KiB is left for its envelope.
 */
export const MESSAGE_BUDGET_BYTES = 127 * 1024;

/** Bytes the message occupies on the queue. */
export function messageBytes(msg: CalloutMessage): number {
  return new TextEncoder().encode(JSON.stringify(msg)).byteLength;
}

/** Header that counts how many callouts deep a request is; it stops callout loops. */
export const HOP_HEADER = "x-edgemock-hop";

/** A request that arrived with this many hops starts no further callout. */
export const MAX_HOPS = 5;

/** Hop count a callout started by a request with these headers carries. */
export function nextHop(incoming: Headers): number {
  const raw = incoming.get(HOP_HEADER)?.trim() ?? "";
  // Only a plain non-negative integer counts: a client can lower its own budget, never raise it.
  const current = /^\d{1,3}$/.test(raw) ? Number(raw) : 0;
  return current + 1;
}

export function hopLimitReason(hop: number): string | null {
  return hop > MAX_HOPS
    ? `hop_limit: the request had already passed through ${hop - 1} callouts ` +
        `(at most ${MAX_HOPS}); a rule probably calls itself in a loop`
    : null;
}

export function effectiveMaxAttempts(maxAttempts: number | undefined): number {
  const n = maxAttempts ?? DEFAULT_CALLOUT_ATTEMPTS;
  return Math.min(Math.max(n, 1), MAX_CALLOUT_ATTEMPTS);
}

function isStringRecord(v: unknown): v is Record<string, string> {
  return (
    typeof v === "object" &&
    v !== null &&
    !Array.isArray(v) &&
    Object.values(v).every((x) => typeof x === "string")
  );
}

/**
 * Narrows a queue body to a CalloutMessage. The queue only ever holds what enqueue.ts wrote,
 * but a message written by an older deployment must fail loudly rather than half-deliver.
 */
export function asCalloutMessage(body: unknown): CalloutMessage | null {
  if (typeof body !== "object" || body === null) return null;
  const m = body as Partial<Record<keyof CalloutMessage, unknown>>;
  const str = (v: unknown): boolean => typeof v === "string";
  const strOrNull = (v: unknown): boolean => v === null || typeof v === "string";
  const ok =
    str(m.calloutId) &&
    str(m.at) &&
    str(m.accountId) &&
    str(m.endpointId) &&
    str(m.endpointName) &&
    str(m.ruleId) &&
    strOrNull(m.requestId) &&
    str(m.method) &&
    str(m.url) &&
    isStringRecord(m.headers) &&
    strOrNull(m.body) &&
    strOrNull(m.connectionId) &&
    typeof m.maxAttempts === "number" &&
    typeof m.hop === "number" &&
    strOrNull(m.ownHost);
  return ok ? (body as CalloutMessage) : null;
}
