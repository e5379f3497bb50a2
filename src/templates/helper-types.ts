/**
 * @module
 * The contract between the interpreter (render.ts) and the helpers. Helpers are plain functions
 * over already-evaluated arguments; block helpers get `fn`/`inverse` to render their programs.
 */
import type { Faker } from "@faker-js/faker";
import { HelperMisuse } from "./errors";
import type { RequestData } from "./request-data";
import { describe, unwrap } from "./values";

/** Stands for an argument whose value is only known at serve time (compile-time checks skip it). */
export const DYNAMIC: unique symbol = Symbol("dynamic");

export interface HelperEnv {
  readonly data: RequestData;
  readonly maxOutputBytes: number;
  random(): number;
  now(): Date;
  uuid(): string;
  faker(): Faker;
}

export interface HelperCall {
  readonly name: string;
  readonly params: readonly unknown[];
  readonly hash: Readonly<Record<string, unknown>>;
  readonly env: HelperEnv;
}

export interface BlockRun {
  /** New context (`this`); absent keeps the current one. */
  readonly ctx?: { readonly value: unknown };
  /** `@index`, `@key`, `@first`, `@last`... */
  readonly data?: Readonly<Record<string, unknown>>;
  /** Values for `as |a b|` block parameters, in order. */
  readonly blockParams?: readonly unknown[];
}

export interface BlockCall extends HelperCall {
  fn(run?: BlockRun): string;
  inverse(): string;
}

interface HelperBase {
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Allowed hash keys; "any" passes every key on. Absent means no hash. */
  readonly hashKeys?: readonly string[] | "any";
  /** Compile-time check of literal arguments (others are DYNAMIC). Throws HelperMisuse. */
  check?(args: readonly unknown[]): void;
}

export interface InlineHelper extends HelperBase {
  readonly kind: "inline";
  run(call: HelperCall): unknown;
}

export interface BlockHelper extends HelperBase {
  readonly kind: "block";
  run(call: BlockCall): string;
}

export type Helper = InlineHelper | BlockHelper;

/** A finite number, or text that reads as one (query values arrive as text). */
export function toNumber(value: unknown): number | undefined {
  const v = unwrap(value);
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v === "string" && v.trim() !== "") {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export function numberArg(helper: string, what: string, value: unknown): number {
  const n = toNumber(value);
  if (n === undefined) {
    throw new HelperMisuse(`${helper}: ${what} must be a number, got ${describe(value)}`);
  }
  return n;
}

export function integerArg(helper: string, what: string, value: unknown): number {
  const n = numberArg(helper, what, value);
  if (!Number.isSafeInteger(n)) {
    throw new HelperMisuse(`${helper}: ${what} must be a whole number, got ${describe(value)}`);
  }
  return n;
}

export function stringArg(helper: string, what: string, value: unknown): string {
  const v = unwrap(value);
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  throw new HelperMisuse(`${helper}: ${what} must be text, got ${describe(value)}`);
}

/** Runs `check` only on arguments known at compile time. */
export function ifLiteral<T>(value: unknown, check: (v: unknown) => T): T | undefined {
  return value === DYNAMIC ? undefined : check(value);
}
