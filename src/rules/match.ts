/**
 * @module
 * Finds the rule that answers a request. A rule list is compiled once (regexes, templates,
 * lowercased header names, split body paths) and then matched against many requests; a request
 * pays only for comparisons, and its body is parsed at most once, only when a rule that got that
 * far has a body field condition. Rules are indexed so a long list costs little: exact-path
 * rules by the paths they accept, and templates, `/seg/...` prefixes and `^/seg/...` regexes by
 * the first path segment they require. Only the rules a request could match are visited, and
 * in rule order. Within a rule the cheap checks come first (method, plain path tests, header and
 * query conditions), then the path regex, then body conditions; rules that repeat a path regex
 * share it, and it runs once per request however many of them reach it.
 *
 * Semantics:
 * - Rules are tried in order; the first whose conditions all hold wins. Disabled rules are left
 *   out at compile time.
 * - Methods compare exactly (RFC 9110 §9.1: method names are case-sensitive). `ANY` matches
 *   every method. A HEAD request also matches GET rules, as HEAD is GET without the content
 *   (RFC 9110 §9.3.2); whichever of those rules comes first wins.
 * - The path is the raw request path inside the endpoint; "" is "/". `exact` ignores one
 *   trailing slash (`/orders` matches `/orders/` and back); `prefix` and `contains` are plain
 *   string tests; `regex` matches anywhere unless anchored, and its named groups become path
 *   parameters; `template` is described in path-template.ts. Parameters are percent-decoded.
 * - User regexes only see the first MAX_REGEX_INPUT_LENGTH characters of their input.
 */
import {
  bodyPredicate,
  headerPredicate,
  queryPredicate,
  RequestState,
  type MatchRequest,
  type Predicate,
} from "./conditions";
import {
  compilePathTemplate,
  countSegments,
  decodeSegment,
  matchPathTemplate,
  type PathTemplate,
} from "./path-template";
import { compileUserRegex, type UserRegex } from "./regex";
import type { Rule } from "./schema";

export type { MatchRequest } from "./conditions";

export interface MatchResult {
  rule: Rule;
  pathParams: Record<string, string>;
}

/** How a compiled rule tests the path; exact rules never reach the loop (see exactIndex). */
type PathKind = "exact" | "prefix" | "contains" | "regex" | "template";

interface CompiledRule {
  readonly rule: Rule;
  /** Null for ANY. */
  readonly method: string | null;
  readonly kind: PathKind;
  /** The path value for exact, prefix and contains. */
  readonly text: string;
  readonly regex: UserRegex | null;
  readonly template: PathTemplate | null;
  /** Header and query conditions: plain comparisons, tried before the path regex. */
  readonly conditions: readonly Predicate[];
  /** Body conditions, tried last: the first one parses the body. */
  readonly bodyConditions: readonly Predicate[];
}

/** A rule list ready for `matchRequest`; build it with `compileRules`. */
export interface CompiledRules {
  readonly entries: readonly CompiledRule[];
  /** Request path → positions (ascending) of the exact rules it satisfies. */
  readonly exactIndex: ReadonlyMap<string, readonly number[]>;
  /** First path segment → positions of the rules that require it (templates, prefixes). */
  readonly segmentIndex: ReadonlyMap<string, readonly number[]>;
  /** Positions of the rules every path must be tried against. */
  readonly others: readonly number[];
  /** Ids of enabled rules that failed to compile (saved under older limits); they never match. */
  readonly skipped: readonly string[];
}

const NO_POSITIONS: readonly number[] = [];

/**
 * Rules that repeat a path regex (variants of one route told apart by headers or query) share
 * one compiled regex: re2js compiles are the slow part of compiling a long list, and a shared
 * regex is run at most once per request (see `matchRequest`).
 */
type RegexPool = Map<string, UserRegex>;

function pooledRegex(pool: RegexPool, pattern: string): UserRegex {
  let regex = pool.get(pattern);
  if (regex === undefined) {
    regex = compileUserRegex(pattern);
    pool.set(pattern, regex);
  }
  return regex;
}

function compileRule(rule: Rule, pool: RegexPool): CompiledRule {
  const { match } = rule;
  const { op, value } = match.path;
  return {
    rule,
    method: match.method === "ANY" ? null : match.method,
    kind: op,
    text: value,
    regex: op === "regex" ? pooledRegex(pool, value) : null,
    template: op === "template" ? compilePathTemplate(value) : null,
    conditions: [
      ...(match.headers ?? []).map(headerPredicate),
      ...(match.query ?? []).map(queryPredicate),
    ],
    bodyConditions: (match.body ?? []).map(bodyPredicate),
  };
}

/** The request paths an exact rule accepts: its value, and it with one trailing slash toggled. */
function exactKeys(value: string): string[] {
  if (value === "/") return ["/"];
  return [value, value.endsWith("/") ? value.slice(0, -1) : `${value}/`];
}

/** The first segment every path this rule matches starts with, when the rule fixes one. */
function requiredSegment(entry: CompiledRule): string | null {
  if (entry.kind === "template") {
    const first = entry.template?.literals[0];
    return typeof first === "string" ? first : null;
  }
  const prefix = entry.kind === "prefix" ? entry.text : (entry.regex?.prefix ?? "");
  if (!prefix.startsWith("/")) return null;
  const slash = prefix.indexOf("/", 1);
  return slash === -1 ? null : prefix.slice(1, slash);
}

function firstSegment(path: string): string {
  const slash = path.indexOf("/", 1);
  return slash === -1 ? path.slice(1) : path.slice(1, slash);
}

function addTo(index: Map<string, number[]>, key: string, position: number): void {
  const positions = index.get(key);
  if (positions === undefined) index.set(key, [position]);
  else positions.push(position);
}

/** Compiles the enabled rules in order. Never throws: a rule that cannot compile is skipped. */
export function compileRules(rules: readonly Rule[]): CompiledRules {
  const entries: CompiledRule[] = [];
  const exactIndex = new Map<string, number[]>();
  const segmentIndex = new Map<string, number[]>();
  const others: number[] = [];
  const skipped: string[] = [];
  const pool: RegexPool = new Map();
  for (const rule of rules) {
    if (!rule.enabled) continue;
    let entry: CompiledRule;
    try {
      entry = compileRule(rule, pool);
    } catch {
      skipped.push(rule.id);
      continue;
    }
    const position = entries.push(entry) - 1;
    if (entry.kind === "exact") {
      for (const key of exactKeys(entry.text)) addTo(exactIndex, key, position);
      continue;
    }
    const segment = requiredSegment(entry);
    if (segment === null) others.push(position);
    else addTo(segmentIndex, segment, position);
  }
  return { entries, exactIndex, segmentIndex, others, skipped };
}

function methodMatches(ruleMethod: string | null, method: string): boolean {
  return (
    ruleMethod === null || ruleMethod === method || (method === "HEAD" && ruleMethod === "GET")
  );
}

/** Named groups of a regex hit, percent-decoded like template parameters. */
function regexParams(regex: UserRegex, path: string): Record<string, string> | null {
  const groups = regex.namedGroups(path);
  if (groups === null) return null;
  for (const name of Object.keys(groups)) {
    const raw = groups[name];
    if (raw !== undefined) groups[name] = decodeSegment(raw);
  }
  return groups;
}

/** The first compiled rule that matches `req`, with its path parameters, or null. */
export function matchRequest(compiled: CompiledRules, req: MatchRequest): MatchResult | null {
  const path = req.path === "" ? "/" : req.path;
  const { entries, others } = compiled;
  const exact = compiled.exactIndex.get(path) ?? NO_POSITIONS;
  const bySegment =
    compiled.segmentIndex.size === 0
      ? NO_POSITIONS
      : (compiled.segmentIndex.get(firstSegment(path)) ?? NO_POSITIONS);
  let segments = -1;
  let state: RequestState | null = null;
  // A regex shared by several rules runs once per request; its outcome is kept here.
  let regexOutcomes: Map<UserRegex, Record<string, string> | null> | null = null;
  let e = 0;
  let s = 0;
  let o = 0;
  // Walks the three candidate lists together, always taking the lowest position: rule order.
  for (;;) {
    const a = exact[e] ?? Infinity;
    const b = bySegment[s] ?? Infinity;
    const c = others[o] ?? Infinity;
    let position: number;
    if (a < b && a < c) {
      position = a;
      e++;
    } else if (b < c) {
      position = b;
      s++;
    } else if (c !== Infinity) {
      position = c;
      o++;
    } else {
      return null;
    }
    const entry = entries[position];
    if (entry === undefined || !methodMatches(entry.method, req.method)) continue;

    let params: Record<string, string> | null = null;
    switch (entry.kind) {
      case "exact":
        break;
      case "prefix":
        if (!path.startsWith(entry.text)) continue;
        break;
      case "contains":
        if (!path.includes(entry.text)) continue;
        break;
      case "regex":
        // The engine runs after the header and query conditions (below).
        if (entry.regex === null || !path.startsWith(entry.regex.prefix)) continue;
        break;
      case "template":
        if (entry.template === null) continue;
        if (segments < 0) segments = countSegments(path);
        if (segments !== entry.template.literals.length) continue;
        params = matchPathTemplate(entry.template, path);
        if (params === null) continue;
        break;
    }

    // Cheapest first: comparisons, then the regex engine, then the body.
    if (entry.conditions.length > 0) {
      state ??= new RequestState(req);
      if (!allHold(entry.conditions, state)) continue;
    }
    if (entry.regex !== null) {
      regexOutcomes ??= new Map();
      let outcome = regexOutcomes.get(entry.regex);
      if (outcome === undefined) {
        outcome = regexOutcome(entry.regex, path);
        regexOutcomes.set(entry.regex, outcome);
      }
      if (outcome === null) continue;
      params = outcome;
    }
    if (entry.bodyConditions.length > 0) {
      state ??= new RequestState(req);
      if (!allHold(entry.bodyConditions, state)) continue;
    }
    return { rule: entry.rule, pathParams: params ?? {} };
  }
}

function allHold(predicates: readonly Predicate[], state: RequestState): boolean {
  for (const predicate of predicates) if (!predicate(state)) return false;
  return true;
}

/** Path parameters of a regex hit ({} without named groups), or null for a miss. */
function regexOutcome(regex: UserRegex, path: string): Record<string, string> | null {
  // The DFA test rejects cheaply; groups are extracted only for a hit.
  if (!regex.test(path)) return null;
  return regex.hasNamedGroups ? regexParams(regex, path) : {};
}
