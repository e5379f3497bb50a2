/**
 * @module Tolerant reading of token endpoint bodies. Providers send JSON errors as text/plain
 * (kanidm/kanidm#4470), HTML pages as application/json (n8n-io/n8n PR#27089) and form-encoded
 * answers (PEERS.md B 22–23), so the content type is a hint, never trusted.
 */

export type TokenBody =
  | { kind: "object"; fields: Record<string, unknown> }
  | { kind: "json_other" }
  | { kind: "not_json" }
  | { kind: "empty" };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** JSON whatever the content type; form-encoded only when declared; anything else is opaque. */
export function parseTokenBody(text: string, headers: Headers): TokenBody {
  if (text.trim() === "") return { kind: "empty" };
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) ? { kind: "object", fields: parsed } : { kind: "json_other" };
  } catch {
    // Not JSON: fall through.
  }
  if (mediaType(headers) === "application/x-www-form-urlencoded") {
    return { kind: "object", fields: Object.fromEntries(new URLSearchParams(text.trim())) };
  }
  return { kind: "not_json" };
}

/** The lower-cased media type, or undefined when absent or not shaped like one. */
export function mediaType(headers: Headers): string | undefined {
  const value = headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  return value && /^[a-z0-9!#$&^_.+-]{1,64}\/[a-z0-9!#$&^_.+-]{1,64}$/.test(value)
    ? value
    : undefined;
}

export function describeMediaType(headers: Headers): string {
  return mediaType(headers) ?? "no content type";
}
