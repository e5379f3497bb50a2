/** @module Opaque, unguessable ids: a short type prefix and 128 random bits in base32. */
const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

export function randomBase32(bytes: number): string {
  const buf = crypto.getRandomValues(new Uint8Array(bytes));
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export type IdKind = "acc" | "key" | "ep" | "rule" | "conn" | "req" | "co";

export function newId(kind: IdKind): string {
  return `${kind}_${randomBase32(16)}`;
}

/** Base32 digits in ASCII order, so the encoded time sorts as text. */
const SORTED_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz";

/**
 * An id that sorts by creation time: 10 characters of milliseconds, then 80 random bits. History
 * records use it so their indexes grow at one end and shrink at the other as retention trims
 * them, instead of being left half-empty by random ids.
 */
export function newSortableId(kind: "req" | "co", now = Date.now()): string {
  let time = "";
  let ms = now;
  for (let i = 0; i < 10; i++) {
    time = (SORTED_ALPHABET[ms % 32] ?? "2") + time;
    ms = Math.floor(ms / 32);
  }
  return `${kind}_${time}${randomBase32(10)}`;
}
