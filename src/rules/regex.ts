/**
 * @module
 * User regexes, run on re2js: a linear-time engine (RE2 semantics), so no pattern can make the
 * Worker backtrack for ever (RELIABILITY.md test 38). This is the only file that touches a regex
 * engine for user patterns; nothing in src/rules builds a `RegExp` from user input.
 *
 * Syntax is RE2's: no backreferences or lookarounds; named groups are written `(?P<name>...)`
 * or, as in JavaScript, `(?<name>...)` (re2js accepts both as they are). Flags go inline, e.g.
 * `(?i)`.
 */
import { RE2JS } from "re2js";
import { MAX_PATTERN_LENGTH, MAX_REGEX_INPUT_LENGTH, MAX_REGEX_PROGRAM_SIZE } from "./limits";

/** A compiled user regex with `find` semantics: it matches anywhere unless anchored. */
export interface UserRegex {
  readonly hasNamedGroups: boolean;
  /** Text every match starts the input with ("" when unknown): a cheap test before the engine. */
  readonly prefix: string;
  test(input: string): boolean;
  /** Named groups of the first match (a group that took no part is left out), or null. */
  namedGroups(input: string): Record<string, string> | null;
}

/** Why `pattern` cannot be used as a rule regex, in the engine's words, or null when it can. */
export function regexError(pattern: string): string | null {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return `pattern is longer than ${MAX_PATTERN_LENGTH} characters`;
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (error) {
    return error instanceof Error ? error.message : "invalid regular expression";
  }
  if (re.programSize() > MAX_REGEX_PROGRAM_SIZE) {
    const size = re.programSize();
    return `pattern is too complex (program size ${size}, at most ${MAX_REGEX_PROGRAM_SIZE})`;
  }
  return null;
}

/** Only the head of a long input is searched: see MAX_REGEX_INPUT_LENGTH. */
function capped(input: string): string {
  return input.length > MAX_REGEX_INPUT_LENGTH ? input.slice(0, MAX_REGEX_INPUT_LENGTH) : input;
}

const PLAIN = /[A-Za-z0-9/_-]/;
const QUANTIFIER = /[*+?{]/;

/**
 * The literal text an anchored pattern such as `^/orders/\d+` requires at the start of the
 * input ("/orders/"). Conservative: only `^` followed by plain characters counts, a pattern with
 * any `|` has none (an alternative may not be anchored), and a character a quantifier follows is
 * not required.
 */
export function literalPrefix(pattern: string): string {
  if (!pattern.startsWith("^") || pattern.includes("|")) return "";
  let end = 1;
  while (end < pattern.length && PLAIN.test(pattern.charAt(end))) end++;
  if (end < pattern.length && QUANTIFIER.test(pattern.charAt(end))) end--;
  return end > 1 ? pattern.slice(1, end) : "";
}

/** Compiles a pattern that passed `regexError`; throws the engine's error otherwise. */
export function compileUserRegex(pattern: string): UserRegex {
  const re = RE2JS.compile(pattern);
  const hasNamedGroups = Object.keys(re.namedGroups()).length > 0;
  return {
    hasNamedGroups,
    prefix: literalPrefix(pattern),
    // `test` takes the engine's DFA path without building a Matcher.
    test: (input) => re.test(capped(input)),
    namedGroups(input) {
      const matcher = re.matcher(capped(input));
      if (!matcher.find()) return null;
      const groups: Record<string, string> = {};
      for (const [name, value] of Object.entries(matcher.getNamedGroups())) {
        if (value !== null) groups[name] = value;
      }
      return groups;
    },
  };
}
