/**
 * @module
 * `{{faker 'namespace.method' ...}}`. Only allow-listed namespaces and methods defined on the
 * namespace's own class are callable, so no path reaches `helpers` (which evaluates its own
 * templates), the Faker core, Object.prototype or a constructor.
 *
 * Bundle: we import the English instance and the Faker class from the package root. The package is
 * marked side-effect free, so esbuild (wrangler) keeps only the `en` and `base` locale data; the
 * `@faker-js/faker/locale/en` entry produced a bundle of the same size in our measurement.
 */
import { Faker, base, en, fakerEN } from "@faker-js/faker";
import { HelperMisuse } from "./errors";
import { stringArg, toNumber } from "./helper-types";
import { describe, unwrap } from "./values";

const NAMESPACES: ReadonlySet<string> = new Set([
  "airline", "animal", "book", "color", "commerce", "company", "database", "datatype", "date",
  "finance", "food", "git", "hacker", "image", "internet", "location", "lorem", "music", "number",
  "person", "phone", "science", "string", "system", "vehicle", "word",
]); // prettier-ignore

/** Namespaces whose numeric options are values (a price, a latitude), not how much to generate. */
const VALUE_NAMESPACES: ReadonlySet<string> = new Set([
  "number", "finance", "datatype", "location", "image", "date",
]); // prettier-ignore

/** Options that say how much to generate; capped everywhere so one call cannot take seconds. */
const COUNT_KEYS: ReadonlySet<string> = new Set(["count", "length"]);
const MAX_COUNT = 1000;

type FakerMethod = (...args: unknown[]) => unknown;

/**
 * A method defined by the module's own classes (the date module inherits from a simpler one);
 * the walk stops before Object.prototype so `toString`, `__proto__` and friends never resolve.
 */
function ownMethod(module: object, name: string): unknown {
  if (name === "constructor" || name.startsWith("_")) return undefined;
  for (let p: unknown = Object.getPrototypeOf(module); ; p = Object.getPrototypeOf(p)) {
    if (typeof p !== "object" || p === null || p === Object.prototype) return undefined;
    if (Object.hasOwn(p, name)) return (p as Record<string, unknown>)[name];
  }
}

function resolve(instance: Faker, path: string): { namespace: string; method: FakerMethod } {
  const [namespace = "", name = "", ...rest] = path.split(".");
  if (rest.length > 0 || !NAMESPACES.has(namespace)) {
    throw new HelperMisuse(`faker: unknown method ${describe(path)} (use 'namespace.method')`);
  }
  const module: unknown = (instance as unknown as Record<string, unknown>)[namespace];
  const method = typeof module === "object" && module ? ownMethod(module, name) : undefined;
  if (typeof method !== "function") {
    throw new HelperMisuse(`faker: unknown method ${describe(path)}`);
  }
  return { namespace, method: (method as FakerMethod).bind(module) };
}

/** Save-time check of `faker 'ns.method' ...` with whatever arguments are literal. */
export function checkFakerCall(args: readonly unknown[], isLiteral: (v: unknown) => boolean): void {
  const [path, ...rest] = args;
  if (!isLiteral(path)) return;
  const { namespace } = resolve(fakerEN, stringArg("faker", "the method", path));
  for (const arg of rest) if (isLiteral(arg)) fakerArg(namespace, undefined, arg);
}

/**
 * Text that reads as a number becomes one: request values arrive as text, and Faker turns text
 * counts into numbers itself (Array.from({ length: "1e8" })), so the cap must see them as numbers.
 */
function fakerArg(namespace: string, key: string | undefined, value: unknown): unknown {
  const raw = unwrap(value);
  const v = typeof raw === "string" ? (toNumber(raw) ?? raw) : raw;
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new HelperMisuse(
      `faker: arguments must be text, numbers or booleans, got ${describe(v)}`,
    );
  }
  const counts = key === undefined ? namespace !== "number" : COUNT_KEYS.has(key);
  if ((counts || !VALUE_NAMESPACES.has(namespace)) && Math.abs(v) > MAX_COUNT) {
    throw new HelperMisuse(`faker: ${key ?? "a count"} is limited to ${MAX_COUNT}, got ${v}`);
  }
  return v;
}

/** `{{faker 'string.alpha' 5}}` passes 5; `{{faker 'number.int' min=1 max=9}}` passes an object. */
export function callFaker(
  instance: Faker,
  params: readonly unknown[],
  hash: Readonly<Record<string, unknown>>,
): unknown {
  const path = stringArg("faker", "the method", params[0]);
  const { namespace, method } = resolve(instance, path);
  const args = params.slice(1).map((p) => fakerArg(namespace, undefined, p));
  const keys = Object.keys(hash);
  if (keys.length > 0) {
    const options: Record<string, unknown> = {};
    for (const key of keys) {
      if (key === "__proto__" || key === "constructor" || key === "prototype") continue;
      options[key] = fakerArg(namespace, key, hash[key]);
    }
    args.push(options);
  }
  let result: unknown;
  try {
    result = method(...args);
  } catch (err) {
    const why = err instanceof Error ? err.message : "it failed";
    throw new HelperMisuse(`faker '${path}': ${why}`);
  }
  return result instanceof Date ? result.toISOString() : typeof result === "function" ? "" : result;
}

/** A Faker bound to the caller's random source and clock (only built when they are supplied). */
export function createFaker(
  random: (() => number) | undefined,
  now: (() => Date) | undefined,
): Faker {
  if (random === undefined && now === undefined) return fakerEN;
  const instance = new Faker({
    locale: [en, base],
    ...(random === undefined ? {} : { randomizer: { next: random, seed: () => undefined } }),
  });
  if (now !== undefined) instance.setDefaultRefDate(now);
  return instance;
}
