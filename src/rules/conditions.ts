/**
 * @module
 * Turns header, query and body conditions into predicates, once per rule list, so a request
 * only pays for comparisons.
 */
import { bodyFieldText, parseBody, splitBodyPath, type ParsedBody } from "./body";
import { compileUserRegex } from "./regex";
import type { BodyCondition, HeaderCondition, QueryCondition } from "./schema";

export interface MatchRequest {
  method: string;
  /** The path inside the endpoint, raw (percent-encoded) as in `URL.pathname`; "" means "/". */
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: string;
  contentType: string | null;
}

/**
 * One request being matched: the body is parsed on first use and at most once, and each header
 * and query parameter is looked up once however many rules ask (a long rule list often asks for
 * the same few names, and every lookup crosses into the runtime).
 */
export class RequestState {
  #parsed: ParsedBody | undefined;
  readonly #headers = new Map<string, string | null>();
  readonly #query = new Map<string, readonly string[]>();
  constructor(readonly req: MatchRequest) {}
  get parsedBody(): ParsedBody {
    this.#parsed ??= parseBody(this.req.body, this.req.contentType);
    return this.#parsed;
  }
  /** `Headers.get` of a lowercased name. */
  header(name: string): string | null {
    let value = this.#headers.get(name);
    if (value === undefined) {
      value = this.req.headers.get(name);
      this.#headers.set(name, value);
    }
    return value;
  }
  /** Every value of a query parameter, in order. */
  queryValues(name: string): readonly string[] {
    let values = this.#query.get(name);
    if (values === undefined) {
      values = this.req.query.getAll(name);
      this.#query.set(name, values);
    }
    return values;
  }
}

export type Predicate = (state: RequestState) => boolean;
type ValueTest = (value: string) => boolean;

/** The value test of an equals/contains/regex condition (schema guarantees a value). */
function valueTest(op: "equals" | "contains" | "regex", value: string): ValueTest {
  if (op === "equals") return (v) => v === value;
  if (op === "contains") return (v) => v.includes(value);
  const re = compileUserRegex(value);
  return (v) => re.test(v);
}

/**
 * Header names are case-insensitive (RFC 9110 §5.1). Repeated headers are seen joined with
 * ", " as `Headers.get` returns them (RFC 9110 §5.3).
 */
export function headerPredicate(condition: HeaderCondition): Predicate {
  const name = condition.name.toLowerCase();
  const { op } = condition;
  if (op === "exists") return (s) => s.header(name) !== null;
  if (op === "absent") return (s) => s.header(name) === null;
  const test = valueTest(op, condition.value ?? "");
  return (s) => {
    const value = s.header(name);
    return value !== null && test(value);
  };
}

/** Query names are case-sensitive; a repeated parameter matches when any of its values does. */
export function queryPredicate(condition: QueryCondition): Predicate {
  const { name, op } = condition;
  if (op === "exists") return (s) => s.queryValues(name).length > 0;
  if (op === "absent") return (s) => s.queryValues(name).length === 0;
  const test = valueTest(op, condition.value ?? "");
  return (s) => s.queryValues(name).some(test);
}

/**
 * Raw conditions read the body text; field conditions read the body parsed once per request.
 * A missing field is not equal to any value and contains nothing, so notEquals and notContains
 * hold for it.
 */
export function bodyPredicate(condition: BodyCondition): Predicate {
  const { op } = condition;
  const value = condition.value ?? "";
  if (condition.path === undefined) {
    if (op === "regex") {
      const re = compileUserRegex(value);
      return (s) => re.test(s.req.body);
    }
    return (s) => s.req.body.includes(value);
  }
  const segments = splitBodyPath(condition.path);
  const field = (s: RequestState): string | null => bodyFieldText(s.parsedBody, segments);
  switch (op) {
    case "equals":
      return (s) => field(s) === value;
    case "notEquals":
      return (s) => field(s) !== value;
    case "contains":
      return (s) => field(s)?.includes(value) ?? false;
    case "notContains":
      return (s) => !(field(s)?.includes(value) ?? false);
    case "isNull":
      return (s) => field(s) === null;
    case "isNotNull":
      return (s) => field(s) !== null;
    case "regex":
      // The schema refuses regex with a path; a stored one that slipped through never matches.
      return () => false;
  }
}
