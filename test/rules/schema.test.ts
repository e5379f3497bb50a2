import { describe, it } from "vitest";
import { MAX_CONDITIONS, MAX_PATTERN_LENGTH } from "../../src/rules/limits";
import {
  endpointDefaultResponseSchema,
  ruleInputSchema,
  ruleSchema,
  type RuleInput,
} from "../../src/rules/schema";
import { issuePaths } from "./helpers";

const base = {
  match: { method: "GET", path: { op: "exact", value: "/orders" } },
  response: { status: 200, body: "{}" },
};

function parse(overrides: Record<string, unknown>) {
  return ruleInputSchema.safeParse({ ...base, ...overrides });
}

function withMatch(match: Record<string, unknown>) {
  return parse({ match: { ...base.match, ...match } });
}

describe("rule input", () => {
  it("accepts a plain mock rule and defaults enabled to true", ({ expect }) => {
    const result = ruleInputSchema.parse(base);
    expect(result.enabled).toBe(true);
    expect(result.response?.status).toBe(200);
  });

  it("keeps enabled false when given and requires an id on stored rules", ({ expect }) => {
    expect(ruleInputSchema.parse({ ...base, enabled: false }).enabled).toBe(false);
    expect(issuePaths(ruleSchema.safeParse(base))).toEqual(["id"]);
    expect(ruleSchema.parse({ ...base, id: "r1" }).enabled).toBe(true);
  });

  it("rejects a status outside 100-599 and a fractional one at response.status", ({ expect }) => {
    for (const status of [99, 600, 200.5]) {
      expect(issuePaths(parse({ response: { status } }))).toEqual(["response.status"]);
    }
  });

  it("rejects a response delay over 60 s and an over-long description", ({ expect }) => {
    expect(issuePaths(parse({ response: { status: 200, delayMs: 60_001 } }))).toEqual([
      "response.delayMs",
    ]);
    expect(issuePaths(parse({ description: "d".repeat(501) }))).toEqual(["description"]);
  });

  it("rejects a template over 64 KiB and a header name that is not a token", ({ expect }) => {
    const big = { status: 200, body: "x".repeat(64 * 1024 + 1) };
    expect(issuePaths(parse({ response: big }))).toEqual(["response.body"]);
    const badHeader = { status: 200, headers: { "bad name": "x" } };
    expect(issuePaths(parse({ response: badHeader }))[0]).toMatch(/^response\.headers/);
  });

  it("validates the endpoint default response like a rule response", ({ expect }) => {
    expect(endpointDefaultResponseSchema.safeParse({ status: 404 }).success).toBe(true);
    expect(endpointDefaultResponseSchema.safeParse({ status: 42 }).success).toBe(false);
  });
});

describe("response and responses", () => {
  const weighted = [
    { weight: 3, status: 200 },
    { weight: 1, status: 500 },
  ];

  it("accepts weighted responses instead of response", ({ expect }) => {
    const result = parse({ response: undefined, responses: weighted });
    expect(result.success).toBe(true);
  });

  it("rejects both together at responses and neither at response", ({ expect }) => {
    expect(issuePaths(parse({ responses: weighted }))).toEqual(["responses"]);
    expect(issuePaths(parse({ response: undefined }))).toEqual(["response"]);
  });

  it("rejects an empty list, more than 20 entries and a non-positive weight", ({ expect }) => {
    expect(issuePaths(parse({ response: undefined, responses: [] }))).toEqual(["responses"]);
    const many = Array.from({ length: 21 }, () => ({ weight: 1, status: 200 }));
    expect(issuePaths(parse({ response: undefined, responses: many }))).toEqual(["responses"]);
    const zero = [{ weight: 0, status: 200 }];
    expect(issuePaths(parse({ response: undefined, responses: zero }))).toEqual([
      "responses.0.weight",
    ]);
  });
});

describe("callout", () => {
  const request = { method: "POST", url: "https://example.com/hook", body: "{{body}}" };

  it("accepts an async callout with a delay, attempts and a connection", ({ expect }) => {
    const callout = {
      mode: "async",
      request,
      delayMs: 43_200_000,
      maxAttempts: 20,
      connectionId: "c1",
    };
    const result = parse({ callout });
    expect(result.success).toBe(true);
    expect(result.data?.callout?.maxAttempts).toBe(20);
  });

  it("leaves maxAttempts unset when omitted, so the consumer's default applies", ({ expect }) => {
    const result = ruleInputSchema.parse({ ...base, callout: { mode: "async", request } });
    expect(result.callout?.maxAttempts).toBeUndefined();
  });

  it("rejects out-of-range async delay and attempts at their fields", ({ expect }) => {
    const callout = { mode: "async", request, delayMs: 43_200_001, maxAttempts: 0 };
    expect(issuePaths(parse({ callout })).sort()).toEqual([
      "callout.delayMs",
      "callout.maxAttempts",
    ]);
  });

  it("accepts a sync callout without any response", ({ expect }) => {
    const result = parse({ response: undefined, callout: { mode: "sync", request } });
    expect(result.success).toBe(true);
  });

  it("rejects delayMs and maxAttempts on a sync callout at their fields", ({ expect }) => {
    const callout = { mode: "sync", request, delayMs: 10, maxAttempts: 2 };
    expect(issuePaths(parse({ response: undefined, callout })).sort()).toEqual([
      "callout.delayMs",
      "callout.maxAttempts",
    ]);
  });

  it("rejects response and responses with a sync callout", ({ expect }) => {
    const callout = { mode: "sync", request };
    expect(issuePaths(parse({ callout }))).toEqual(["response"]);
    const responses = [{ weight: 1, status: 200 }];
    expect(issuePaths(parse({ response: undefined, responses, callout }))).toEqual(["responses"]);
  });

  it("rejects an unknown callout method and a missing url", ({ expect }) => {
    const callout = { mode: "async", request: { method: "TRACE" } };
    expect(issuePaths(parse({ callout })).sort()).toEqual([
      "callout.request.method",
      "callout.request.url",
    ]);
  });
});

describe("match", () => {
  it("rejects an unknown method and path op", ({ expect }) => {
    expect(issuePaths(withMatch({ method: "TRACE" }))).toEqual(["match.method"]);
    expect(issuePaths(withMatch({ path: { op: "glob", value: "/*" } }))).toEqual(["match.path.op"]);
  });

  it("reports a bad regex at match.path.value with the engine's message", ({ expect }) => {
    const result = withMatch({ path: { op: "regex", value: "/orders/(\\d+" } });
    expect(issuePaths(result)).toEqual(["match.path.value"]);
    expect(result.error?.issues[0]?.message).toMatch(/missing closing \)/);
  });

  it("rejects a backreference, which only a backtracking engine supports", ({ expect }) => {
    const result = withMatch({ path: { op: "regex", value: "(a)\\1" } });
    expect(issuePaths(result)).toEqual(["match.path.value"]);
    expect(result.error?.issues[0]?.message).toMatch(/invalid escape sequence/);
  });

  it("rejects lookahead and over-long or over-complex patterns", ({ expect }) => {
    expect(issuePaths(withMatch({ path: { op: "regex", value: "a(?=b)" } }))).toEqual([
      "match.path.value",
    ]);
    const long = "a".repeat(MAX_PATTERN_LENGTH + 1);
    expect(issuePaths(withMatch({ path: { op: "regex", value: long } }))).toEqual([
      "match.path.value",
    ]);
    expect(issuePaths(withMatch({ path: { op: "regex", value: "\\pL{1000}.{1000}" } }))).toEqual([
      "match.path.value",
    ]);
  });

  it("accepts RE2 and JavaScript named groups and a pattern of the maximum length", ({
    expect,
  }) => {
    for (const value of ["^/(?P<id>\\d+)$", "^/(?<id>\\d+)$", "a".repeat(MAX_PATTERN_LENGTH)]) {
      expect(withMatch({ path: { op: "regex", value } }).success).toBe(true);
    }
  });

  it("checks template syntax at match.path.value", ({ expect }) => {
    const bad = ["orders/:id", "/orders/:1d", "/a/:id/b/:id", "/a//b", "/a/:"];
    for (const value of bad) {
      expect(issuePaths(withMatch({ path: { op: "template", value } }))).toEqual([
        "match.path.value",
      ]);
    }
    expect(withMatch({ path: { op: "template", value: "/orders/:order_id/" } }).success).toBe(true);
  });

  it("requires exact and prefix paths to start with /", ({ expect }) => {
    expect(issuePaths(withMatch({ path: { op: "exact", value: "orders" } }))).toEqual([
      "match.path.value",
    ]);
    expect(withMatch({ path: { op: "contains", value: "orders" } }).success).toBe(true);
  });

  it("points header and query value errors at the condition's value", ({ expect }) => {
    const headers = [
      { name: "x-a", op: "exists" },
      { name: "x-b", op: "exists", value: "v" },
      { name: "x-c", op: "equals" },
      { name: "x-d", op: "regex", value: "(?<=a)" },
    ];
    expect(issuePaths(withMatch({ headers }))).toEqual([
      "match.headers.1.value",
      "match.headers.2.value",
      "match.headers.3.value",
    ]);
    const query = [{ name: "q", op: "absent", value: "" }];
    expect(issuePaths(withMatch({ query }))).toEqual(["match.query.0.value"]);
  });

  it("rejects a header condition name that is not an RFC 9110 token", ({ expect }) => {
    const headers = [{ name: "x a:", op: "exists" }];
    expect(issuePaths(withMatch({ headers }))).toEqual(["match.headers.0.name"]);
  });

  it("checks body conditions: field ops need a path, regex takes none", ({ expect }) => {
    const body = [
      { op: "equals", value: "1" },
      { path: "a", op: "regex", value: "x" },
      { path: "a..b", op: "isNull" },
      { path: "a", op: "isNull", value: "x" },
      { op: "regex", value: "(" },
    ];
    expect(issuePaths(withMatch({ body }))).toEqual([
      "match.body.0.path",
      "match.body.1.op",
      "match.body.2.path",
      "match.body.3.value",
      "match.body.4.value",
    ]);
  });

  it("caps each condition list at 20 entries", ({ expect }) => {
    const headers = Array.from({ length: MAX_CONDITIONS + 1 }, () => ({
      name: "x",
      op: "exists",
    }));
    expect(issuePaths(withMatch({ headers }))).toEqual(["match.headers"]);
  });
});

it("types a parsed input as RuleInput", ({ expect }) => {
  const input: RuleInput = ruleInputSchema.parse(base);
  expect(input.match.path).toEqual({ op: "exact", value: "/orders" });
});
