/**
 * @module
 * How template values are read and printed. Property access is limited to own properties of plain
 * data (what JSON.parse, URLSearchParams and our own request view produce), so a template can never
 * reach a prototype, a constructor or the global object (RELIABILITY test 39).
 */

/** Output that must not be HTML-escaped again (for example the result of `json`). */
export class SafeString {
  constructor(readonly value: string) {}
}

// JSON.parse creates an own "__proto__" key when the body has one; refuse it like the others.
const BLOCKED_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

export type PlainData = Record<string, unknown> | unknown[];

export function isPlainData(value: unknown): value is PlainData {
  if (typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) return true;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Reads one own property of plain data; anything else reads as undefined. */
export function getOwn(target: unknown, key: string): unknown {
  if (!isPlainData(target) || BLOCKED_KEYS.has(key) || !Object.hasOwn(target, key)) {
    return undefined;
  }
  return (target as Record<string, unknown>)[key];
}

/** Walks `a.b.0.c` (or `a.b[0].c`) through plain data. A key that itself holds dots wins. */
export function lookupDotPath(target: unknown, path: string): unknown {
  if (path === "") return target;
  const whole = getOwn(target, path);
  if (whole !== undefined) return whole;
  let current = target;
  for (const key of path.replace(/\[(\d+)\]/g, ".$1").split(".")) {
    if (key === "") continue;
    current = getOwn(current, key);
    if (current === undefined) return undefined;
  }
  return current;
}

export function unwrap(value: unknown): unknown {
  return value instanceof SafeString ? value.value : value;
}

/** Text of a value as it appears in output: objects and arrays as JSON, missing as "". */
export function toText(value: unknown): string {
  const v = unwrap(value);
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (v instanceof Date) return v.toISOString();
  if (isPlainData(v)) return JSON.stringify(v);
  return "";
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#x27;",
  "`": "&#x60;",
  "=": "&#x3D;",
};

/** The same characters Handlebars escapes in `{{x}}`. */
export function escapeHtml(text: string): string {
  return /[&<>"'`=]/.test(text) ? text.replace(/[&<>"'`=]/g, (c) => HTML_ESCAPES[c] ?? c) : text;
}

const JSON_UNSAFE: Readonly<Record<string, string>> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/**
 * JSON text that stays valid JSON and also cannot close a surrounding `<script>` or HTML context:
 * `<`, `>` and `&` become \u escapes, which every JSON parser reads back as the same string.
 */
export function jsonText(value: unknown): string {
  const v = unwrap(value);
  const text = JSON.stringify(v instanceof Date ? v.toISOString() : v) ?? "null";
  return text.replace(/[<>&\u2028\u2029]/g, (c) => JSON_UNSAFE[c] ?? c);
}

/** Handlebars' notion of an empty condition: false, 0, "", null, undefined and []. */
export function isFalsy(value: unknown): boolean {
  const v = unwrap(value);
  if (Array.isArray(v)) return v.length === 0;
  return !v;
}

/** Bytes of the UTF-8 encoding, counted without allocating. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdfff)
      bytes += 2; // each half of a 4-byte pair
    else bytes += 3;
  }
  return bytes;
}

/** A short, quoted rendering of a value for error messages. */
export function describe(value: unknown): string {
  const v = unwrap(value);
  if (v === undefined) return "nothing";
  const text = typeof v === "string" ? JSON.stringify(v) : toText(v) || typeof v;
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
