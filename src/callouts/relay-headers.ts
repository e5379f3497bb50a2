/**
 * @module Which of a target's response headers a sync callout passes on to its client.
 */

/** Hop-by-hop fields describe one connection, not the message (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
]);

export function relayHeaders(source: Headers): Headers {
  const out = new Headers(source);
  // Fields the target lists in Connection are hop-by-hop too (RFC 9110 §7.6.1).
  const listed = (source.get("connection") ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  for (const name of [...source.keys()]) {
    if (HOP_BY_HOP.has(name) || name.startsWith("proxy-") || listed.includes(name)) {
      out.delete(name);
    }
  }
  // The runtime may have decoded a compressed body, so the target's length no longer holds;
  // the client side is framed anew.
  out.delete("content-length");
  return out;
}
