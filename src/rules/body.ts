/**
 * @module
 * Reads request body fields by dot path (`a.b.0`), for body conditions and, through the same
 * functions, for templates. A JSON body is one sent as `application/json` or `*\/*+json`
 * (RFC 6839 §3.1), or any body that parses as a JSON object or array; an
 * `application/x-www-form-urlencoded` body is read as form fields.
 */

export type ParsedBody =
  | { readonly kind: "json"; readonly value: unknown }
  | { readonly kind: "form"; readonly fields: URLSearchParams }
  | { readonly kind: "none" };

const NONE: ParsedBody = { kind: "none" };

/** The media type of a Content-Type value, lowercased, without parameters (RFC 9110 §8.3.1). */
export function mediaType(contentType: string | null): string {
  if (contentType === null) return "";
  const semicolon = contentType.indexOf(";");
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}

function parseJson(body: string): ParsedBody {
  try {
    return { kind: "json", value: JSON.parse(body) as unknown };
  } catch {
    return NONE;
  }
}

/**
 * The one rule for reading a body, shared by body conditions and the `{{body}}` helper so a
 * condition and a template never disagree about the same request.
 */
export function parseBody(body: string, contentType: string | null): ParsedBody {
  if (body === "") return NONE;
  const type = mediaType(contentType);
  const form = (): ParsedBody => ({ kind: "form", fields: new URLSearchParams(body) });
  if (type === "application/x-www-form-urlencoded") return form();
  if (type === "application/json" || type.endsWith("+json")) return parseJson(body);
  const start = body.trimStart();
  if (start.startsWith("{") || start.startsWith("[")) return parseJson(body);
  // No content type at all: hand-written clients often omit it, so a `k=v` body reads as a form.
  return type === "" && body.includes("=") ? form() : NONE;
}

/** Splits a dot path once, at compile time. */
export function splitBodyPath(path: string): readonly string[] {
  return path.split(".");
}

const INDEX = /^(0|[1-9][0-9]*)$/;

function jsonField(value: unknown, segments: readonly string[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (Array.isArray(current)) {
      if (!INDEX.test(segment)) return undefined;
      current = current[Number(segment)];
    } else if (typeof current === "object" && current !== null) {
      // Own properties only: `__proto__` or `constructor` must not reach the prototype.
      if (!Object.hasOwn(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  return current;
}

/**
 * Form fields are flat: the whole path is the field name. When no field has that name and the
 * last segment is an index, `tag.1` is the second value of a repeated `tag`.
 */
function formField(fields: URLSearchParams, segments: readonly string[]): string | null {
  const whole = segments.join(".");
  const direct = fields.get(whole);
  if (direct !== null) return direct;
  const last = segments[segments.length - 1];
  if (segments.length < 2 || last === undefined || !INDEX.test(last)) return null;
  return fields.getAll(segments.slice(0, -1).join("."))[Number(last)] ?? null;
}

/**
 * The field at `segments` as a string: strings as they are, numbers and booleans in their JSON
 * form (42 → "42", true → "true"), objects and arrays as JSON text. Null when the field is
 * missing or JSON null.
 */
export function bodyFieldText(body: ParsedBody, segments: readonly string[]): string | null {
  if (body.kind === "form") return formField(body.fields, segments);
  if (body.kind === "none") return null;
  const value = jsonField(body.value, segments);
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}
