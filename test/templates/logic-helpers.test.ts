import { describe, it } from "vitest";
import { jsonRequest, makeRequest, render } from "./support";

describe("logic and text helpers", () => {
  const req = makeRequest({ query: "n=5&name=Ann" });

  it("chooses if and else branches by eq", ({ expect }) => {
    const src = "{{#if (eq (queryParam 'name') 'Ann')}}yes{{else}}no{{/if}}";
    expect(render(src, req)).toBe("yes");
    expect(render(src, makeRequest({ query: "name=Bob" }))).toBe("no");
  });

  it("compares numeric text from the query with number literals", ({ expect }) => {
    const src =
      "{{eq (queryParam 'n') 5}} {{ne (queryParam 'n') 5}} {{gt (queryParam 'n') 10}} " +
      "{{gte (queryParam 'n') 5}} {{lt (queryParam 'n') 10}} {{lte (queryParam 'n') 4}}";
    expect(render(src, req)).toBe("true false false true true false");
  });

  it("keeps eq strict between text values", ({ expect }) => {
    expect(render("{{eq 'a' 'A'}} {{eq '5' '5.0'}} {{eq 1 true}}")).toBe("false false false");
  });

  it("compares text in order when either side is not a number", ({ expect }) => {
    expect(render("{{lt 'apple' 'banana'}} {{gt 'b' 'a'}}")).toBe("true true");
  });

  it("combines conditions with and, or and not", ({ expect }) => {
    expect(render("{{and true 1 'x'}} {{and true 0}} {{or 0 '' 'x'}} {{or 0 ''}}")).toBe(
      "true false true false",
    );
    expect(render("{{not ''}} {{not 'x'}}")).toBe("true false");
  });

  it("chains else if", ({ expect }) => {
    const src = "{{#if (eq method 'POST')}}p{{else if (eq method 'GET')}}g{{else}}o{{/if}}";
    expect(render(src)).toBe("g");
  });

  it("renders unless for false conditions", ({ expect }) => {
    expect(render("{{#unless (queryParam 'x')}}none{{else}}some{{/unless}}")).toBe("none");
  });

  it("treats 0, empty text and empty arrays as false in if, and 0 as true with includeZero", ({
    expect,
  }) => {
    const r = jsonRequest({ zero: 0, empty: "", list: [], obj: {} });
    expect(render("{{#if body.zero}}t{{else}}f{{/if}}", r)).toBe("f");
    expect(render("{{#if body.zero includeZero=true}}t{{else}}f{{/if}}", r)).toBe("t");
    expect(render("{{#if body.empty}}t{{else}}f{{/if}}{{#if body.list}}t{{else}}f{{/if}}", r)).toBe(
      "ff",
    );
    expect(render("{{#if body.obj}}t{{else}}f{{/if}}", r)).toBe("t");
  });

  it("changes case", ({ expect }) => {
    expect(render("{{lowercase 'MiXeD'}} {{uppercase (queryParam 'name')}}", req)).toBe(
      "mixed ANN",
    );
  });

  it("prints JSON without HTML escaping and null for missing values", ({ expect }) => {
    const r = jsonRequest({ user: { name: "Ann", tags: [1, 2] } });
    expect(render("{{json (body 'user')}}", r)).toBe('{"name":"Ann","tags":[1,2]}');
    expect(render("{{json (queryParam 'missing')}}", r)).toBe("null");
    expect(render("{{json 'x'}}")).toBe('"x"');
  });

  it("returns the first present value with default", ({ expect }) => {
    expect(render("{{default (queryParam 'x') '' 'fallback'}}")).toBe("fallback");
    expect(render("{{default (queryParam 'n') 'fallback'}}", req)).toBe("5");
  });

  it("joins values with concat", ({ expect }) => {
    expect(
      render("{{concat 'id-' (pathParam 'id') '-' 7}}", makeRequest({ pathParams: { id: "9" } })),
    ).toBe("id-9-7");
  });

  it("reads one own property with lookup", ({ expect }) => {
    const r = makeRequest({
      query: "k=b",
      headers: { "content-type": "application/json" },
      body: '{"map":{"a":1,"b":2},"list":["x","y"]}',
    });
    expect(render("{{lookup (body 'map') (queryParam 'k')}} {{lookup body.list 1}}", r)).toBe(
      "2 y",
    );
  });
});
