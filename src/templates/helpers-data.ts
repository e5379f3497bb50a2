/**
 * @module
 * Generated data: now, uuid, randomInt, faker. Randomness and the clock come from the render
 * environment so tests (and callers who want reproducible output) can fix them.
 */
import { HelperMisuse } from "./errors";
import { callFaker, checkFakerCall } from "./faker";
import type { Helper } from "./helper-types";
import { DYNAMIC, ifLiteral, integerArg, stringArg } from "./helper-types";
import { describe, unwrap } from "./values";

const OFFSET_UNITS: Readonly<Record<string, number>> = {
  day: 86_400_000,
  days: 86_400_000,
  hour: 3_600_000,
  hours: 3_600_000,
  minute: 60_000,
  minutes: 60_000,
  second: 1000,
  seconds: 1000,
};

/** Reads `{days:1, minutes:-5}` (quotes around keys optional) into milliseconds. */
export function parseOffset(text: string): number {
  const inner = /^\s*\{(.*)\}\s*$/s.exec(text)?.[1];
  if (inner === undefined) {
    throw new HelperMisuse(`now: offset must look like {minutes:5}, got ${describe(text)}`);
  }
  let total = 0;
  for (const part of inner.split(",")) {
    if (part.trim() === "") continue;
    const m = /^\s*["']?([a-z]+)["']?\s*:\s*(-?\d+(?:\.\d+)?)\s*$/i.exec(part);
    const unit = m?.[1] === undefined ? undefined : OFFSET_UNITS[m[1].toLowerCase()];
    if (m?.[2] === undefined || unit === undefined) {
      throw new HelperMisuse(
        `now: offset entry ${describe(part.trim())} must be days, hours, minutes or seconds`,
      );
    }
    total += Number(m[2]) * unit;
  }
  return total;
}

const NOW_FORMATS = ["iso", "epoch", "unix"] as const;

function formatDate(date: Date, format: string): unknown {
  if (Number.isNaN(date.getTime())) throw new HelperMisuse("now: the offset is out of range");
  switch (format) {
    case "iso":
      return date.toISOString();
    case "epoch":
      return date.getTime();
    case "unix":
      return Math.floor(date.getTime() / 1000);
    default:
      throw new HelperMisuse(
        `now: unknown format ${describe(format)} ` +
          `(use ${NOW_FORMATS.map((f) => `'${f}'`).join(", ")})`,
      );
  }
}

/** `now`, `now 'epoch'`, `now '{minutes:5}'`, `now '{minutes:5}' 'epoch'`. */
function nowArgs(args: readonly unknown[]): { offset: unknown; format: unknown } {
  const first = unwrap(args[0]);
  if (args.length === 2) return { offset: first, format: args[1] };
  if (typeof first === "string" && first.trimStart().startsWith("{")) {
    return { offset: first, format: "iso" };
  }
  return { offset: undefined, format: args.length === 0 ? "iso" : first };
}

/** A version 4 UUID drawn from a caller-supplied source (used when RenderOptions.random is set). */
export function uuidFromRandom(random: () => number): string {
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++) bytes[i] = Math.floor(random() * 256) & 0xff;
  // RFC 9562 section 5.4: version 4 in the high nibble of byte 6, variant 10 in byte 8.
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  const parts = [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20)];
  return `${parts.join("-")}-${hex.slice(20)}`;
}

export const dataHelpers: Readonly<Record<string, Helper>> = {
  now: {
    kind: "inline",
    minArgs: 0,
    maxArgs: 2,
    check(args) {
      const { offset, format } = nowArgs(args);
      if (offset !== undefined)
        ifLiteral(offset, (v) => parseOffset(stringArg("now", "offset", v)));
      ifLiteral(format, (v) => formatDate(new Date(0), stringArg("now", "format", v)));
    },
    run(c) {
      const { offset, format } = nowArgs(c.params);
      const shift = offset === undefined ? 0 : parseOffset(stringArg("now", "offset", offset));
      return formatDate(
        new Date(c.env.now().getTime() + shift),
        stringArg("now", "format", format),
      );
    },
  },
  uuid: { kind: "inline", minArgs: 0, maxArgs: 0, run: (c) => c.env.uuid() },
  randomInt: {
    kind: "inline",
    minArgs: 2,
    maxArgs: 2,
    check(args) {
      const min = ifLiteral(args[0], (v) => integerArg("randomInt", "min", v));
      const max = ifLiteral(args[1], (v) => integerArg("randomInt", "max", v));
      if (min !== undefined && max !== undefined && min > max) {
        throw new HelperMisuse(`randomInt: min ${min} is greater than max ${max}`);
      }
    },
    run(c) {
      const min = integerArg("randomInt", "min", c.params[0]);
      const max = integerArg("randomInt", "max", c.params[1]);
      if (min > max) throw new HelperMisuse(`randomInt: min ${min} is greater than max ${max}`);
      return min + Math.floor(c.env.random() * (max - min + 1));
    },
  },
  faker: {
    kind: "inline",
    minArgs: 1,
    maxArgs: 4,
    hashKeys: "any",
    check(args) {
      checkFakerCall(args, (v) => v !== DYNAMIC);
    },
    run: (c) => callFaker(c.env.faker(), c.params, c.hash),
  },
};
