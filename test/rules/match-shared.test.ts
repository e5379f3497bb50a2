import { describe, it } from "vitest";
import { compileRules, matchRequest } from "../../src/rules/match";
import { request, rule } from "./helpers";

describe("long rule lists that repeat checks", () => {
  const regex = { op: "regex" as const, value: "^/orders/(?P<id>[0-9]+)$" };
  const variants = compileRules([
    rule({ path: regex, headers: [{ name: "x-variant", op: "equals", value: "a" }] }),
    rule({ path: regex, headers: [{ name: "X-Variant", op: "equals", value: "b" }] }),
    rule({ path: regex, query: [{ name: "v", op: "equals", value: "c" }] }),
    rule({ path: regex, body: [{ op: "contains", value: "d" }] }),
    rule({ path: { op: "regex", value: "^/orders/(?P<id>[a-z]+)$" } }),
  ]);
  const ids = variants.entries.map((e) => e.rule.id);

  it("applies each rule's own conditions when rules share a path regex", ({ expect }) => {
    const pick = (init: Parameters<typeof request>[0]) => {
      const hit = matchRequest(variants, request({ path: "/orders/42", ...init }));
      return hit && { id: hit.rule.id, params: hit.pathParams };
    };
    expect(pick({ headers: { "x-variant": "b" } })).toEqual({ id: ids[1], params: { id: "42" } });
    expect(pick({ headers: { "x-variant": "a" } })).toEqual({ id: ids[0], params: { id: "42" } });
    expect(pick({ query: "v=x&v=c" })).toEqual({ id: ids[2], params: { id: "42" } });
    expect(pick({ body: "abcd" })).toEqual({ id: ids[3], params: { id: "42" } });
    expect(pick({ headers: { "x-variant": "z" } })).toBeNull();
  });

  it("matches no rule of a shared regex when the path fails it, whatever the conditions", ({
    expect,
  }) => {
    const req = request({ path: "/orders/4x2", headers: { "x-variant": "a" }, body: "d" });
    expect(matchRequest(variants, req)).toBeNull();
    const other = matchRequest(variants, request({ path: "/orders/abc" }));
    expect(other?.rule.id).toBe(ids[4]);
    expect(other?.pathParams).toEqual({ id: "abc" });
  });

  it("decodes template parameters with escapes and keeps plain ones as they are", ({ expect }) => {
    const list = compileRules([rule({ path: { op: "template", value: "/users/:name" } })]);
    const params = (path: string) => matchRequest(list, request({ path }))?.pathParams;
    expect(params("/users/ada%20l")).toEqual({ name: "ada l" });
    expect(params("/users/ada")).toEqual({ name: "ada" });
    expect(params("/users/100%")).toEqual({ name: "100%" });
  });
});
