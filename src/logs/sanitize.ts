/**
 * @module What the EndpointLog stores: every record is redacted and size-capped here, inside the
 * object, so a writer that forgets cannot leak a credential or grow storage without bound.
 */
import { redactHeaders } from "./redact";
import { truncateUtf8 } from "./truncate";
import type { AttemptRecord, CalloutRecord, RequestRecord } from "./types";

/** Newest requests and newest callouts kept per endpoint, unless HISTORY_LIMIT says otherwise. */
export const DEFAULT_HISTORY_LIMIT = 1000;

/** Reads the optional HISTORY_LIMIT var; anything but a positive integer means the default. */
export function historyLimit(env: object): number {
  const raw: unknown = Reflect.get(env, "HISTORY_LIMIT");
  const n = typeof raw === "string" || typeof raw === "number" ? Number(raw) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : DEFAULT_HISTORY_LIMIT;
}

export function storedRequest(rec: RequestRecord): RequestRecord {
  const body = truncateUtf8(rec.body);
  return {
    ...rec,
    headers: redactHeaders(rec.headers),
    body: body.text,
    bodyTruncated: rec.bodyTruncated || body.truncated,
  };
}

export function storedCallout(rec: CalloutRecord): CalloutRecord {
  return {
    ...rec,
    requestHeaders: redactHeaders(rec.requestHeaders),
    requestBody: truncateUtf8(rec.requestBody).text,
    attempts: rec.attempts.map(storedAttempt),
  };
}

export function storedAttempt(a: AttemptRecord): AttemptRecord {
  const out: AttemptRecord = { ...a };
  if (a.responseHeaders) out.responseHeaders = redactHeaders(a.responseHeaders);
  if (a.responseBody !== undefined) {
    const body = truncateUtf8(a.responseBody);
    out.responseBody = body.text;
    out.responseBodyTruncated = Boolean(a.responseBodyTruncated) || body.truncated;
  }
  return out;
}
