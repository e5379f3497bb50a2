/**
 * @module API keys: 160 random bits behind a greppable prefix, shown once, stored as SHA-256.
 *
 * Format: `emk_<lookup>_<secret>`. `emk_<lookup>` is stored in clear to find the row; the whole
 * key is hashed, and the digests are compared in constant time (RELIABILITY.md test 34).
 */
import { randomBase32 } from "../db/ids";

export const KEY_PREFIX = "emk_";

export interface NewKey {
  apiKey: string;
  prefix: string;
  hash: string;
}

export async function generateApiKey(): Promise<NewKey> {
  const lookup = randomBase32(6);
  const apiKey = `${KEY_PREFIX}${lookup}_${randomBase32(20)}`;
  return { apiKey, prefix: `${KEY_PREFIX}${lookup}`, hash: await sha256Hex(apiKey) };
}

/** The stored prefix of a presented key, or null when it is not shaped like one of ours. */
export function keyPrefixOf(presented: string): string | null {
  const match = /^(emk_[a-z2-7]{10})_[a-z2-7]{32}$/.exec(presented);
  return match?.[1] ?? null;
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Constant-time comparison of two hex digests of equal length. */
export function digestsEqual(a: string, b: string): boolean {
  const enc = new TextEncoder();
  const x = enc.encode(a);
  const y = enc.encode(b);
  if (x.byteLength !== y.byteLength) return false;
  return crypto.subtle.timingSafeEqual(x, y);
}
