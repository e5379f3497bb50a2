/**
 * @module Server-supplied text (error descriptions, token types, redirect targets) is untrusted:
 * it may carry control characters, be huge, or echo our own credentials back
 * (librefang/librefang#5525; RELIABILITY.md test 21). Every such piece goes through a `Scrubber`
 * before it reaches a message a user or a log will see.
 */
import { utf8ToBase64 } from "./base64";

const REDACTED = "[redacted]";
/**
 * Below this length a needle would also match ordinary words, so scrubbing it would be unreliable
 * and mangle the text; when one is registered, server text is dropped entirely instead.
 */
const MIN_SCRUBBABLE_LENGTH = 8;

// C0, DEL, C1, and bidi/zero-width controls that could disguise the text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Removes control characters, collapses whitespace, truncates to `max` characters. */
export function sanitizeText(text: string, max: number): string {
  const flat = text.replace(CONTROL_CHARS, " ").replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

export class Scrubber {
  readonly #needles = new Set<string>();
  #unsafe = false;

  /** Registers a sensitive value together with its common encodings (base64, percent, JSON). */
  add(value: string): void {
    if (value === "") return;
    const variants = [
      value,
      utf8ToBase64(value),
      encodeURIComponent(value),
      new URLSearchParams({ v: value }).toString().slice(2),
      JSON.stringify(value).slice(1, -1),
    ];
    for (const variant of variants) this.addExact(variant);
  }

  /** Registers one exact string (e.g. the whole Basic credential). */
  addExact(value: string): void {
    if (value === "") return;
    if (value.length < MIN_SCRUBBABLE_LENGTH) this.#unsafe = true;
    this.#needles.add(value);
    this.#needles.add(value.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()));
  }

  /**
   * The text, sanitised and truncated to `max`, with every registered value replaced; undefined
   * when a registered value is too short to scrub reliably.
   */
  clean(text: string, max: number): string | undefined {
    if (this.#unsafe) return undefined;
    // Scrub before and after sanitising: collapsing whitespace or dropping a control character can
    // change whether a value matches. Truncate last, so no partial value survives a cut.
    const once = sanitizeText(this.#replace(text), Number.MAX_SAFE_INTEGER);
    return sanitizeText(this.#replace(once), max);
  }

  #replace(text: string): string {
    let out = text;
    const longestFirst = [...this.#needles].sort((a, b) => b.length - a.length);
    for (const needle of longestFirst) out = out.split(needle).join(REDACTED);
    return out;
  }
}
