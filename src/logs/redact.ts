/**
 * @module Header redaction for the request log. Every header that may carry a credential is
 * replaced before it is stored, so history and the live feed never show one in clear.
 */

export const REDACTED = "[redacted]";

/** Credentials whose scheme is worth keeping ("Bearer [redacted]"), RFC 9110 §11.6.2, §11.7.2. */
const WITH_SCHEME = new Set(["authorization", "proxy-authorization"]);

const ALWAYS = new Set(["cookie", "set-cookie"]);

/**
 * Names that conventionally carry a key or token: x-api-key, api-key, x-goog-api-key,
 * x-auth-token, x-amz-security-token, x-access-token, client-secret, x-session-id...
 */
const KEY_LIKE = /api[-_]?key|token|secret|passw(?:or)?d|credential|session|^x-auth/i;

export function isSensitiveHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return WITH_SCHEME.has(lower) || ALWAYS.has(lower) || KEY_LIKE.test(lower);
}

function redactValue(name: string, value: string): string {
  if (!WITH_SCHEME.has(name)) return REDACTED;
  // RFC 9110 §11.4: credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ].
  const match = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s+\S/.exec(value);
  return match ? `${match[1]} ${REDACTED}` : REDACTED;
}

/** Lower-cased names, credential values replaced; safe to call on already redacted headers. */
export function redactHeaders(h: Headers | Record<string, string>): Record<string, string> {
  const entries = h instanceof Headers ? h.entries() : Object.entries(h);
  const out: Record<string, string> = {};
  for (const [rawName, value] of entries) {
    const name = rawName.toLowerCase();
    out[name] = isSensitiveHeader(name) ? redactValue(name, value) : value;
  }
  return out;
}
