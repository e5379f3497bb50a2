/**
 * @module
 * Comparisons (for `{{#if (eq a b)}}`), boolean logic and text helpers.
 *
 * Comparisons are numeric when both sides read as numbers, so `(eq (queryParam 'n') 5)` holds for
 * `?n=5` even though query values are text; otherwise `eq` is strict and ordering compares text.
 */
import { HelperMisuse } from "./errors";
import type { Helper, InlineHelper } from "./helper-types";
import { toNumber } from "./helper-types";
import {
  SafeString,
  describe,
  getOwn,
  isFalsy,
  jsonText,
  toText,
  unwrap,
  utf8Length,
} from "./values";

function same(a: unknown, b: unknown): boolean {
  const x = unwrap(a);
  const y = unwrap(b);
  if (x === y) return true;
  const nx = toNumber(x);
  const ny = toNumber(y);
  return (typeof x === "number" || typeof y === "number") && nx !== undefined && nx === ny;
}

function order(a: unknown, b: unknown): number {
  const nx = toNumber(a);
  const ny = toNumber(b);
  if (nx !== undefined && ny !== undefined) return nx - ny;
  const x = toText(a);
  const y = toText(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function compare(test: (a: unknown, b: unknown) => boolean): InlineHelper {
  return { kind: "inline", minArgs: 2, maxArgs: 2, run: (c) => test(c.params[0], c.params[1]) };
}

function text(transform: (s: string) => string): InlineHelper {
  return { kind: "inline", minArgs: 1, maxArgs: 1, run: (c) => transform(toText(c.params[0])) };
}

export const logicHelpers: Readonly<Record<string, Helper>> = {
  eq: compare(same),
  ne: compare((a, b) => !same(a, b)),
  gt: compare((a, b) => order(a, b) > 0),
  gte: compare((a, b) => order(a, b) >= 0),
  lt: compare((a, b) => order(a, b) < 0),
  lte: compare((a, b) => order(a, b) <= 0),
  and: { kind: "inline", minArgs: 2, maxArgs: 20, run: (c) => c.params.every((p) => !isFalsy(p)) },
  or: { kind: "inline", minArgs: 2, maxArgs: 20, run: (c) => c.params.some((p) => !isFalsy(p)) },
  not: { kind: "inline", minArgs: 1, maxArgs: 1, run: (c) => isFalsy(c.params[0]) },
  lowercase: text((s) => s.toLowerCase()),
  uppercase: text((s) => s.toUpperCase()),
  /** JSON text, never HTML-escaped; `<`, `>` and `&` are \u-escaped so it is safe in HTML too. */
  json: {
    kind: "inline",
    minArgs: 1,
    maxArgs: 1,
    run: (c) => new SafeString(jsonText(c.params[0])),
  },
  /** The first argument that is not missing or empty text. */
  default: {
    kind: "inline",
    minArgs: 2,
    maxArgs: 20,
    run: (c) =>
      c.params.find((p) => unwrap(p) !== undefined && unwrap(p) !== null && p !== "") ?? "",
  },
  concat: {
    kind: "inline",
    minArgs: 1,
    maxArgs: 50,
    run(c) {
      const joined = c.params.map(toText).join("");
      if (utf8Length(joined) > c.env.maxOutputBytes) {
        throw new HelperMisuse(`concat: result is larger than ${c.env.maxOutputBytes} bytes`);
      }
      return joined;
    },
  },
  /** `{{lookup obj key}}`: one own property of plain data (an array index works too). */
  lookup: {
    kind: "inline",
    minArgs: 2,
    maxArgs: 2,
    run(c) {
      const key = unwrap(c.params[1]);
      if (typeof key !== "string" && typeof key !== "number") {
        throw new HelperMisuse(`lookup: the key must be text or a number, got ${describe(key)}`);
      }
      return getOwn(unwrap(c.params[0]), String(key));
    },
  },
};
