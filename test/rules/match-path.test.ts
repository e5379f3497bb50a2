import { describe, it } from "vitest";
import { compileRules, matchRequest } from "../../src/rules/match";
import { hits, paramsFor, request, rule } from "./helpers";

describe("method", () => {
  it("matches every method when the rule says ANY", ({ expect }) => {
    for (const method of ["GET", "POST", "DELETE", "OPTIONS", "PROPFIND"]) {
      expect(hits({ method: "ANY" }, request({ method }))).toBe(true);
    }
  });

  it("matches only the rule's own method otherwise", ({ expect }) => {
    expect(hits({ method: "POST" }, request({ method: "POST" }))).toBe(true);
    expect(hits({ method: "POST" }, request({ method: "PUT" }))).toBe(false);
    expect(hits({ method: "PATCH" }, request({ method: "patch" }))).toBe(false);
  });

  it("matches a HEAD request against HEAD and GET rules but not other methods", ({ expect }) => {
    const head = request({ method: "HEAD" });
    expect(hits({ method: "HEAD" }, head)).toBe(true);
    expect(hits({ method: "GET" }, head)).toBe(true);
    expect(hits({ method: "POST" }, head)).toBe(false);
    expect(hits({ method: "HEAD" }, request({ method: "GET" }))).toBe(false);
  });
});

describe("path exact", () => {
  const match = { path: { op: "exact", value: "/orders" } } as const;

  it("matches the same path and ignores one trailing slash", ({ expect }) => {
    expect(hits(match, request({ path: "/orders" }))).toBe(true);
    expect(hits(match, request({ path: "/orders/" }))).toBe(true);
    expect(hits({ path: { op: "exact", value: "/orders/" } }, request({ path: "/orders" }))).toBe(
      true,
    );
  });

  it("misses a longer, shorter or differently cased path", ({ expect }) => {
    expect(hits(match, request({ path: "/orders/1" }))).toBe(false);
    expect(hits(match, request({ path: "/order" }))).toBe(false);
    expect(hits(match, request({ path: "/Orders" }))).toBe(false);
    expect(hits(match, request({ path: "/orders//" }))).toBe(false);
  });

  it("treats an empty request path as /", ({ expect }) => {
    expect(hits({ path: { op: "exact", value: "/" } }, request({ path: "" }))).toBe(true);
    expect(hits({ path: { op: "exact", value: "/" } }, request({ path: "/" }))).toBe(true);
    expect(hits({ path: { op: "exact", value: "/" } }, request({ path: "/a" }))).toBe(false);
  });
});

describe("path prefix and contains", () => {
  it("matches a prefix and misses a path without it", ({ expect }) => {
    const match = { path: { op: "prefix", value: "/api/" } } as const;
    expect(hits(match, request({ path: "/api/users" }))).toBe(true);
    expect(hits(match, request({ path: "/v2/api/users" }))).toBe(false);
  });

  it("matches a substring anywhere and misses when it is absent", ({ expect }) => {
    const match = { path: { op: "contains", value: "users" } } as const;
    expect(hits(match, request({ path: "/v2/users/1" }))).toBe(true);
    expect(hits(match, request({ path: "/v2/orders/1" }))).toBe(false);
  });
});

describe("path regex", () => {
  it("finds the pattern anywhere unless the user anchors it", ({ expect }) => {
    expect(hits({ path: { op: "regex", value: "/\\d+" } }, request({ path: "/a/42/b" }))).toBe(
      true,
    );
    expect(hits({ path: { op: "regex", value: "^/\\d+$" } }, request({ path: "/a/42" }))).toBe(
      false,
    );
    expect(hits({ path: { op: "regex", value: "^/\\d+$" } }, request({ path: "/42" }))).toBe(true);
  });

  it("exposes RE2 and JavaScript style named groups as decoded path parameters", ({ expect }) => {
    expect(
      paramsFor({ path: { op: "regex", value: "^/users/(?P<name>[^/]+)$" } }, "/users/J%20D"),
    ).toEqual({ name: "J D" });
    expect(
      paramsFor({ path: { op: "regex", value: "^/items/(?<id>\\d+)/(?<v>\\w+)" } }, "/items/7/x"),
    ).toEqual({ id: "7", v: "x" });
  });

  it("honours quantifiers and alternatives right after an anchored literal", ({ expect }) => {
    const quantified = { path: { op: "regex", value: "^/ab*$" } } as const;
    expect(hits(quantified, request({ path: "/a" }))).toBe(true);
    expect(hits(quantified, request({ path: "/abbb" }))).toBe(true);
    expect(hits({ path: { op: "regex", value: "^/x/1|/y" } }, request({ path: "/z/y" }))).toBe(
      true,
    );
    expect(hits({ path: { op: "regex", value: "^/o/s?x" } }, request({ path: "/o/x" }))).toBe(true);
    expect(
      hits({ path: { op: "regex", value: "^/items/\\d" } }, request({ path: "/item/1" })),
    ).toBe(false);
  });

  it("leaves out a named group that took no part in the match", ({ expect }) => {
    const match = { path: { op: "regex", value: "^/a(?:/(?P<opt>\\w+))?$" } } as const;
    expect(paramsFor(match, "/a")).toEqual({});
    expect(paramsFor(match, "/a/b")).toEqual({ opt: "b" });
  });
});

describe("path template", () => {
  const match = { path: { op: "template", value: "/orders/:id/items/:itemId" } } as const;

  it("binds each :param segment, percent-decoded", ({ expect }) => {
    expect(paramsFor(match, "/orders/42/items/a%2Fb%20c")).toEqual({ id: "42", itemId: "a/b c" });
  });

  it("keeps a segment that is not valid percent-encoding as it came", ({ expect }) => {
    expect(paramsFor(match, "/orders/%E0%A4%A/items/1")).toEqual({ id: "%E0%A4%A", itemId: "1" });
  });

  it("ignores one trailing slash", ({ expect }) => {
    expect(paramsFor(match, "/orders/1/items/2/")).toEqual({ id: "1", itemId: "2" });
  });

  it("misses paths with another number of segments, an empty one or other literals", ({
    expect,
  }) => {
    expect(paramsFor(match, "/orders/1/items")).toBeNull();
    expect(paramsFor(match, "/orders/1/items/2/3")).toBeNull();
    expect(paramsFor(match, "/orders//items/2")).toBeNull();
    expect(paramsFor(match, "/orders/1/things/2")).toBeNull();
    expect(paramsFor(match, "/ordersX/1/items/2")).toBeNull();
  });

  it("matches the root template against / and the empty path only", ({ expect }) => {
    const root = { path: { op: "template", value: "/" } } as const;
    expect(paramsFor(root, "")).toEqual({});
    expect(paramsFor(root, "/")).toEqual({});
    expect(paramsFor(root, "/x")).toBeNull();
  });
});

describe("rule list", () => {
  it("returns the first matching rule in order", ({ expect }) => {
    const first = rule({ path: { op: "prefix", value: "/a" } });
    const second = rule({ path: { op: "prefix", value: "/" } });
    const compiled = compileRules([first, second]);
    expect(matchRequest(compiled, request({ path: "/a/b" }))?.rule.id).toBe(first.id);
    expect(matchRequest(compiled, request({ path: "/b" }))?.rule.id).toBe(second.id);
    const reversed = compileRules([second, first]);
    expect(matchRequest(reversed, request({ path: "/a/b" }))?.rule.id).toBe(second.id);
  });

  it("keeps rule order across exact, template, prefix, contains and regex rules", ({ expect }) => {
    const kinds = [
      rule({ path: { op: "exact", value: "/a/b" } }),
      rule({ path: { op: "template", value: "/a/:x" } }),
      rule({ path: { op: "prefix", value: "/a/" } }),
      rule({ path: { op: "contains", value: "b" } }),
      rule({ path: { op: "regex", value: "^/a" } }),
      rule({ path: { op: "prefix", value: "/a" } }),
    ];
    for (let shift = 0; shift < kinds.length; shift++) {
      const rotated = [...kinds.slice(shift), ...kinds.slice(0, shift)];
      const misses = [rule({ path: { op: "exact", value: "/a" } }), rule({ method: "POST" })];
      const list = [misses[0], ...rotated.slice(0, 3), misses[1], ...rotated.slice(3)].filter(
        (r) => r !== undefined,
      );
      const result = matchRequest(compileRules(list), request({ path: "/a/b" }));
      expect(result?.rule.id).toBe(rotated[0]?.id);
    }
  });

  it("skips disabled rules", ({ expect }) => {
    const off = rule({}, { enabled: false });
    const on = rule({});
    expect(matchRequest(compileRules([off, on]), request())?.rule.id).toBe(on.id);
    expect(matchRequest(compileRules([off]), request())).toBeNull();
  });

  it("returns null when nothing matches and when there are no rules", ({ expect }) => {
    expect(matchRequest(compileRules([rule({ method: "POST" })]), request())).toBeNull();
    expect(matchRequest(compileRules([]), request())).toBeNull();
  });

  it("finds the last of 500 rules when only it matches", ({ expect }) => {
    const rules = Array.from({ length: 499 }, (_, i) =>
      rule({ path: { op: "exact", value: `/miss/${i}` } }),
    );
    const last = rule({ path: { op: "template", value: "/hit/:id" } });
    const result = matchRequest(compileRules([...rules, last]), request({ path: "/hit/9" }));
    expect(result).toEqual({ rule: last, pathParams: { id: "9" } });
  });

  it("skips a stored rule that no longer compiles instead of failing the list", ({ expect }) => {
    const bad = { ...rule({}), match: { method: "ANY", path: { op: "regex", value: "(" } } };
    const good = rule({});
    const compiled = compileRules([bad as typeof good, good]);
    expect(compiled.skipped).toEqual([bad.id]);
    expect(matchRequest(compiled, request())?.rule.id).toBe(good.id);
  });
});
