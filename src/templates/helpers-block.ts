/**
 * @module
 * Block helpers: if, unless, each, with, repeat, raw.
 */
import { HelperMisuse } from "./errors";
import type { BlockCall, BlockHelper, Helper } from "./helper-types";
import { ifLiteral, integerArg, stringArg } from "./helper-types";
import { getOwn, isFalsy, isPlainData, unwrap, utf8Length } from "./values";

/** Most items one `repeat` may produce. */
export const MAX_REPEAT = 1000;

function condition(call: BlockCall): boolean {
  const value = unwrap(call.params[0]);
  // Handlebars treats 0 as false unless includeZero=true is given.
  if (value === 0 && call.hash.includeZero === true) return true;
  return !isFalsy(value);
}

/** Iterates arrays and the own keys of objects; anything else, or nothing to iterate, is `else`. */
export function iterate(call: BlockCall, target: unknown): string {
  const value = unwrap(target);
  if (!isPlainData(value)) return call.inverse();
  const keys: (string | number)[] = Array.isArray(value)
    ? value.map((_, i) => i)
    : Object.keys(value).filter((k) => getOwn(value, k) !== undefined);
  if (keys.length === 0) return call.inverse();
  let out = "";
  keys.forEach((key, i) => {
    const item = Array.isArray(value) ? value[i] : getOwn(value, String(key));
    out += call.fn({
      ctx: { value: item },
      data: { index: i, key, first: i === 0, last: i === keys.length - 1 },
      blockParams: [item, key],
    });
  });
  return out;
}

function checkCount(count: number): number {
  if (count < 0 || count > MAX_REPEAT) {
    throw new HelperMisuse(`repeat: count must be between 0 and ${MAX_REPEAT}, got ${count}`);
  }
  return count;
}

function repeatCount(call: BlockCall): number {
  const min = checkCount(integerArg("repeat", "count", call.params[0]));
  if (call.params.length < 2) return min;
  const max = checkCount(integerArg("repeat", "max", call.params[1]));
  if (min > max) throw new HelperMisuse(`repeat: min ${min} is greater than max ${max}`);
  return min + Math.floor(call.env.random() * (max - min + 1));
}

const repeat: BlockHelper = {
  kind: "block",
  minArgs: 1,
  maxArgs: 2,
  hashKeys: ["separator"],
  check(args) {
    const min = ifLiteral(args[0], (v) => checkCount(integerArg("repeat", "count", v)));
    const max = ifLiteral(args[1], (v) =>
      v === undefined ? undefined : checkCount(integerArg("repeat", "max", v)),
    );
    if (min !== undefined && max !== undefined && min > max) {
      throw new HelperMisuse(`repeat: min ${min} is greater than max ${max}`);
    }
  },
  run(call) {
    const count = repeatCount(call);
    const separator =
      call.hash.separator === undefined
        ? ", "
        : stringArg("repeat", "separator", call.hash.separator);
    const items: string[] = [];
    let bytes = 0;
    for (let i = 0; i < count; i++) {
      const item = call.fn({ data: { index: i, first: i === 0, last: i === count - 1 } });
      bytes += utf8Length(item) + utf8Length(separator);
      if (bytes > call.env.maxOutputBytes) {
        throw new HelperMisuse(`repeat: output is larger than ${call.env.maxOutputBytes} bytes`);
      }
      items.push(item);
    }
    return items.join(separator);
  },
};

export const blockHelpers: Readonly<Record<string, Helper>> = {
  if: {
    kind: "block",
    minArgs: 1,
    maxArgs: 1,
    hashKeys: ["includeZero"],
    run: (c) => (condition(c) ? c.fn() : c.inverse()),
  },
  unless: {
    kind: "block",
    minArgs: 1,
    maxArgs: 1,
    hashKeys: ["includeZero"],
    run: (c) => (condition(c) ? c.inverse() : c.fn()),
  },
  each: { kind: "block", minArgs: 1, maxArgs: 1, run: (c) => iterate(c, c.params[0]) },
  with: {
    kind: "block",
    minArgs: 1,
    maxArgs: 1,
    run(c) {
      const value = unwrap(c.params[0]);
      return isFalsy(value) ? c.inverse() : c.fn({ ctx: { value }, blockParams: [value] });
    },
  },
  repeat,
  /** `{{{{raw}}}}{{not parsed}}{{{{/raw}}}}` prints its content as written. */
  raw: { kind: "block", minArgs: 0, maxArgs: 0, run: (c) => c.fn() },
};
