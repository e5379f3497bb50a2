import { describe, it, vi } from "vitest";
import { compileRules, matchRequest } from "../../src/rules/match";
import type { BodyCondition } from "../../src/rules/schema";
import { hits, request, rule } from "./helpers";

const order = JSON.stringify({
  id: 42,
  paid: true,
  note: null,
  customer: { name: "Ada", tags: ["vip", "eu"] },
  items: [{ sku: "A-1", qty: 2 }],
});

const json = request({ method: "POST", body: order, contentType: "application/json" });

function holds(condition: BodyCondition, req = json): boolean {
  return hits({ body: [condition] }, req);
}

describe("JSON body fields", () => {
  it("compares numbers and booleans in their string form", ({ expect }) => {
    expect(holds({ path: "id", op: "equals", value: "42" })).toBe(true);
    expect(holds({ path: "id", op: "equals", value: "43" })).toBe(false);
    expect(holds({ path: "paid", op: "equals", value: "true" })).toBe(true);
    expect(holds({ path: "paid", op: "notEquals", value: "true" })).toBe(false);
  });

  it("walks objects and array indexes by dot path", ({ expect }) => {
    expect(holds({ path: "customer.name", op: "equals", value: "Ada" })).toBe(true);
    expect(holds({ path: "items.0.sku", op: "equals", value: "A-1" })).toBe(true);
    expect(holds({ path: "customer.tags.1", op: "equals", value: "eu" })).toBe(true);
    expect(holds({ path: "items.1.sku", op: "isNull" })).toBe(true);
    expect(holds({ path: "items.x", op: "isNull" })).toBe(true);
  });

  it("matches contains and notContains on the field's text", ({ expect }) => {
    expect(holds({ path: "customer.name", op: "contains", value: "d" })).toBe(true);
    expect(holds({ path: "customer.name", op: "contains", value: "z" })).toBe(false);
    expect(holds({ path: "customer.tags", op: "contains", value: '"vip"' })).toBe(true);
    expect(holds({ path: "customer.name", op: "notContains", value: "z" })).toBe(true);
    expect(holds({ path: "customer.name", op: "notContains", value: "A" })).toBe(false);
  });

  it("treats a missing field and JSON null as null", ({ expect }) => {
    expect(holds({ path: "note", op: "isNull" })).toBe(true);
    expect(holds({ path: "missing.deep", op: "isNull" })).toBe(true);
    expect(holds({ path: "id", op: "isNull" })).toBe(false);
    expect(holds({ path: "id", op: "isNotNull" })).toBe(true);
    expect(holds({ path: "note", op: "isNotNull" })).toBe(false);
  });

  it("lets notEquals and notContains hold for a missing field", ({ expect }) => {
    expect(holds({ path: "missing", op: "notEquals", value: "x" })).toBe(true);
    expect(holds({ path: "missing", op: "notContains", value: "x" })).toBe(true);
    expect(holds({ path: "missing", op: "equals", value: "" })).toBe(false);
  });

  it("does not reach prototype properties", ({ expect }) => {
    expect(holds({ path: "constructor", op: "isNull" })).toBe(true);
    expect(holds({ path: "customer.__proto__", op: "isNull" })).toBe(true);
  });

  it("reads +json media types and JSON sent without a content type", ({ expect }) => {
    const problem = request({
      body: order,
      contentType: "application/problem+json; charset=utf-8",
    });
    expect(holds({ path: "id", op: "equals", value: "42" }, problem)).toBe(true);
    const untyped = request({ body: order });
    expect(holds({ path: "id", op: "equals", value: "42" }, untyped)).toBe(true);
  });

  it("finds no fields in a body that is not JSON", ({ expect }) => {
    const broken = request({ body: "{not json", contentType: "application/json" });
    expect(holds({ path: "id", op: "isNull" }, broken)).toBe(true);
    expect(holds({ path: "id", op: "isNotNull" }, broken)).toBe(false);
  });
});

describe("form body fields", () => {
  const form = request({
    method: "POST",
    body: "user.name=Ada+L&tag=a&tag=b&n=7",
    contentType: "application/x-www-form-urlencoded",
  });

  it("reads a field by its whole name, decoded", ({ expect }) => {
    expect(holds({ path: "user.name", op: "equals", value: "Ada L" }, form)).toBe(true);
    expect(holds({ path: "n", op: "equals", value: "7" }, form)).toBe(true);
    expect(holds({ path: "n", op: "equals", value: "8" }, form)).toBe(false);
    expect(holds({ path: "missing", op: "isNull" }, form)).toBe(true);
  });

  it("reads a repeated field by index", ({ expect }) => {
    expect(holds({ path: "tag.1", op: "equals", value: "b" }, form)).toBe(true);
    expect(holds({ path: "tag.2", op: "isNull" }, form)).toBe(true);
  });
});

describe("body parsing", () => {
  it("parses the body once for many field conditions and never when none needs it", ({
    expect,
  }) => {
    const parse = vi.spyOn(JSON, "parse");
    try {
      const fieldRules = compileRules([
        rule({ body: [{ path: "id", op: "equals", value: "1" }] }),
        rule({ body: [{ path: "paid", op: "equals", value: "false" }] }),
        rule({ body: [{ path: "customer.name", op: "equals", value: "Ada" }] }),
      ]);
      expect(matchRequest(fieldRules, json)).not.toBeNull();
      expect(parse).toHaveBeenCalledTimes(1);
      parse.mockClear();
      const rawRules = compileRules([rule({ body: [{ op: "contains", value: "Ada" }] })]);
      expect(matchRequest(rawRules, json)).not.toBeNull();
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });
});
