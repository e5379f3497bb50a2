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
