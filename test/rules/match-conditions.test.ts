import { describe, it } from "vitest";
import { hits, request } from "./helpers";

describe("header conditions", () => {
  const req = request({ headers: { "X-Tenant": "acme-eu", Accept: "application/json" } });

  it("compares equals exactly and names case-insensitively", ({ expect }) => {
    expect(hits({ headers: [{ name: "x-tenant", op: "equals", value: "acme-eu" }] }, req)).toBe(
      true,
    );
    expect(hits({ headers: [{ name: "X-TENANT", op: "equals", value: "acme" }] }, req)).toBe(false);
    expect(hits({ headers: [{ name: "x-tenant", op: "equals", value: "ACME-EU" }] }, req)).toBe(
      false,
    );
  });

  it("finds contains and regex anywhere in the value", ({ expect }) => {
    expect(hits({ headers: [{ name: "accept", op: "contains", value: "json" }] }, req)).toBe(true);
    expect(hits({ headers: [{ name: "accept", op: "contains", value: "xml" }] }, req)).toBe(false);
    expect(hits({ headers: [{ name: "x-tenant", op: "regex", value: "-(eu|us)$" }] }, req)).toBe(
      true,
    );
    expect(hits({ headers: [{ name: "x-tenant", op: "regex", value: "^eu" }] }, req)).toBe(false);
  });

  it("tells exists from absent", ({ expect }) => {
    expect(hits({ headers: [{ name: "X-Tenant", op: "exists" }] }, req)).toBe(true);
    expect(hits({ headers: [{ name: "x-other", op: "exists" }] }, req)).toBe(false);
    expect(hits({ headers: [{ name: "x-other", op: "absent" }] }, req)).toBe(true);
    expect(hits({ headers: [{ name: "x-tenant", op: "absent" }] }, req)).toBe(false);
  });

  it("misses value conditions on a missing header", ({ expect }) => {
    expect(hits({ headers: [{ name: "x-other", op: "contains", value: "" }] }, req)).toBe(false);
    expect(hits({ headers: [{ name: "x-other", op: "regex", value: ".*" }] }, req)).toBe(false);
  });

  it("requires every condition of the rule to hold", ({ expect }) => {
    const both = [
      { name: "x-tenant", op: "exists" },
      { name: "accept", op: "equals", value: "text/html" },
    ] as const;
    expect(hits({ headers: [...both] }, req)).toBe(false);
  });
});

describe("query conditions", () => {
  const req = request({ query: "tag=red&tag=blue&q=shoes&empty=" });

  it("matches a repeated parameter when any value satisfies the condition", ({ expect }) => {
    expect(hits({ query: [{ name: "tag", op: "equals", value: "blue" }] }, req)).toBe(true);
    expect(hits({ query: [{ name: "tag", op: "equals", value: "red" }] }, req)).toBe(true);
    expect(hits({ query: [{ name: "tag", op: "equals", value: "green" }] }, req)).toBe(false);
  });

  it("finds contains and regex in values", ({ expect }) => {
    expect(hits({ query: [{ name: "q", op: "contains", value: "hoe" }] }, req)).toBe(true);
    expect(hits({ query: [{ name: "q", op: "contains", value: "hat" }] }, req)).toBe(false);
    expect(hits({ query: [{ name: "tag", op: "regex", value: "^bl" }] }, req)).toBe(true);
    expect(hits({ query: [{ name: "tag", op: "regex", value: "^gr" }] }, req)).toBe(false);
  });

  it("treats an empty value as present and compares names case-sensitively", ({ expect }) => {
    expect(hits({ query: [{ name: "empty", op: "exists" }] }, req)).toBe(true);
    expect(hits({ query: [{ name: "empty", op: "equals", value: "" }] }, req)).toBe(true);
    expect(hits({ query: [{ name: "Q", op: "exists" }] }, req)).toBe(false);
    expect(hits({ query: [{ name: "Q", op: "absent" }] }, req)).toBe(true);
    expect(hits({ query: [{ name: "q", op: "absent" }] }, req)).toBe(false);
  });

  it("decodes percent-encoded values before comparing", ({ expect }) => {
    const encoded = request({ query: "name=J%C3%BCrgen+M" });
    expect(hits({ query: [{ name: "name", op: "equals", value: "Jürgen M" }] }, encoded)).toBe(
      true,
    );
  });
});

describe("raw body conditions", () => {
  const req = request({ method: "POST", body: "hello <b>world</b>", contentType: "text/html" });

  it("matches contains and regex on the raw body", ({ expect }) => {
    expect(hits({ body: [{ op: "contains", value: "<b>world" }] }, req)).toBe(true);
    expect(hits({ body: [{ op: "contains", value: "planet" }] }, req)).toBe(false);
    expect(hits({ body: [{ op: "regex", value: "^hello\\s<b>" }] }, req)).toBe(true);
    expect(hits({ body: [{ op: "regex", value: "^world" }] }, req)).toBe(false);
  });

  it("searches only the first 64 KiB of a body with a regex", ({ expect }) => {
    const long = request({ body: `${"x".repeat(64 * 1024)}needle` });
    expect(hits({ body: [{ op: "regex", value: "needle" }] }, long)).toBe(false);
    expect(hits({ body: [{ op: "contains", value: "needle" }] }, long)).toBe(true);
  });
});
