/** @module Size caps for recorded bodies: history stays bounded whatever a client sends. */

/** Request bodies and callout response bodies are stored up to this many UTF-8 bytes. */
export const MAX_STORED_BODY_BYTES = 64 * 1024;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The text cut to at most `maxBytes` UTF-8 bytes on a character boundary. */
export function truncateUtf8(
  text: string,
  maxBytes = MAX_STORED_BODY_BYTES,
): { text: string; truncated: boolean } {
  // A UTF-16 code unit encodes to at most 3 UTF-8 bytes, so short text needs no encoding.
  if (text.length * 3 <= maxBytes) return { text, truncated: false };
  const bytes = encoder.encode(text);
  if (bytes.byteLength <= maxBytes) return { text, truncated: false };
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) so no character is split (RFC 3629 §3).
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return { text: decoder.decode(bytes.subarray(0, end)), truncated: true };
}
