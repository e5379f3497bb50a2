import { compileRules, matchRequest, type MatchRequest } from "../../src/rules/match";
import { ruleSchema, type Rule, type RuleMatch } from "../../src/rules/schema";

let nextId = 0;

/** A valid stored rule with the given match (parsed, so defaults apply and checks run). */
export function rule(match: Partial<RuleMatch>, extra: Record<string, unknown> = {}): Rule {
  nextId += 1;
  return ruleSchema.parse({
    id: `r${nextId}`,
    match: { method: "ANY", path: { op: "prefix", value: "/" }, ...match },
    response: { status: 200 },
    ...extra,
  });
}

export function request(
  init: Partial<Omit<MatchRequest, "query" | "headers">> & {
    query?: string;
    headers?: Record<string, string> | [string, string][];
  } = {},
): MatchRequest {
  return {
    method: init.method ?? "GET",
    path: init.path ?? "/",
    query: new URLSearchParams(init.query ?? ""),
    headers: new Headers(init.headers ?? {}),
    body: init.body ?? "",
    contentType: init.contentType ?? null,
  };
}

/** Whether a single rule with `match` matches the request. */
export function hits(match: Partial<RuleMatch>, req: MatchRequest): boolean {
  return matchRequest(compileRules([rule(match)]), req) !== null;
}

/** The path parameters a single rule with `match` binds for `path`, or null on a miss. */
export function paramsFor(match: Partial<RuleMatch>, path: string): Record<string, string> | null {
  return matchRequest(compileRules([rule(match)]), request({ path }))?.pathParams ?? null;
}

/** Dotted issue paths of a failed parse, for asserting where an error points. */
export function issuePaths(result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[] }[] };
}): string[] {
  return (result.error?.issues ?? []).map((issue) => issue.path.map(String).join("."));
}
