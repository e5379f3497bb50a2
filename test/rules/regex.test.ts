import { it } from "vitest";
import { compileRules, matchRequest } from "../../src/rules/match";
import { ruleInputSchema } from "../../src/rules/schema";
import { hits, request } from "./helpers";

// RELIABILITY.md test 38: a catastrophic-backtracking pattern either is refused at save or runs
// on a linear-time engine. Here it is accepted and must simply finish.
const evil = "^(a+)+$";
const attack = `${"a".repeat(30)}!`;

it("completes the ^(a+)+$ pattern against a×30+! in the path, a header and the body", ({
  expect,
}) => {
  expect(hits({ path: { op: "regex", value: evil } }, request({ path: attack }))).toBe(false);
  const headers = [{ name: "x-a", op: "regex", value: evil }] as const;
  expect(hits({ headers: [...headers] }, request({ headers: { "x-a": attack } }))).toBe(false);
  expect(hits({ body: [{ op: "regex", value: evil }] }, request({ body: attack }))).toBe(false);
  expect(hits({ body: [{ op: "regex", value: evil }] }, request({ body: "aaaa" }))).toBe(true);
});

it("completes nested-quantifier patterns against a long body on every rule", ({ expect }) => {
  const rules = ["(a|aa)+$", "(a*)*b", "^(.*a){20}$"].map((value, i) =>
    ruleInputSchema.parse({
      match: { method: "ANY", path: { op: "prefix", value: "/" }, body: [{ op: "regex", value }] },
      response: { status: 200 + i },
    }),
  );
  const compiled = compileRules(rules.map((r, i) => ({ ...r, id: `r${i}` })));
  expect(matchRequest(compiled, request({ body: `${"a".repeat(50_000)}!` }))).toBeNull();
});

it("uses RE2 semantics: Perl classes work and backreferences are refused", ({ expect }) => {
  expect(
    hits({ path: { op: "regex", value: "^/\\w+/\\d{2,3}$" } }, request({ path: "/ab/123" })),
  ).toBe(true);
  const result = ruleInputSchema.safeParse({
    match: { method: "ANY", path: { op: "regex", value: "(a)\\1" } },
    response: { status: 200 },
  });
  expect(result.success).toBe(false);
});
