import { describe, it } from "vitest";
import { FIXED, jsonRequest, makeRequest, render } from "./support";

describe("block helpers", () => {
  const req = jsonRequest({
    items: [
      { name: "a", qty: 1 },
      { name: "b", qty: 2 },
    ],
    map: { x: 1, y: 2 },
    total: 3,
  });

  it("iterates a JSON array from body with this, @index, @first and @last", ({ expect }) => {
    const src =
      "{{#each (body 'items')}}{{@index}}:{{this.name}}:{{qty}}" +
      "{{#if @first}}F{{/if}}{{#if @last}}L{{/if}};{{/each}}";
    expect(render(src, req)).toBe("0:a:1F;1:b:2L;");
  });

  it("iterates object keys with @key", ({ expect }) => {
    expect(render("{{#each body.map}}{{@key}}={{this}} {{/each}}", req)).toBe("x=1 y=2 ");
  });

  it("renders the else branch of each when there is nothing to iterate", ({ expect }) => {
    expect(render("{{#each (body 'none')}}x{{else}}empty{{/each}}", req)).toBe("empty");
    expect(render("{{#each body.total}}x{{else}}empty{{/each}}", req)).toBe("empty");
  });

  it("reaches the outer context with ../ and request data from inside each", ({ expect }) => {
    const src =
      "{{#each body.items}}{{name}}/{{../body.total}}/{{body.total}}/{{method}} {{/each}}";
    expect(render(src, req)).toBe("a/3/3/POST b/3/3/POST ");
  });

  it("binds block params", ({ expect }) => {
    const src = "{{#each body.items as |item i|}}{{i}}={{item.name}} {{/each}}";
    expect(render(src, req)).toBe("0=a 1=b ");
  });

  it("keeps @index of the outer loop visible in nested blocks and reaches it with @../", ({
    expect,
  }) => {
    const r = jsonRequest({ rows: [[1, 2], [3]] });
    const src = "{{#each body.rows}}{{#each this}}{{@../index}}.{{@index}} {{/each}}{{/each}}";
    expect(render(src, r)).toBe("0.0 0.1 1.0 ");
  });

  it("repeats a block with comma separators that fit a JSON array", ({ expect }) => {
    const out = render('[{{#repeat 3}}{"i":{{@index}} }{{/repeat}}]');
    expect(out).toBe('[{"i":0 }, {"i":1 }, {"i":2 }]');
    expect(JSON.parse(out)).toHaveLength(3);
  });

  it("repeats a random count between min and max", ({ expect }) => {
    const low = { ...FIXED, random: () => 0 };
    const high = { ...FIXED, random: () => 0.999 };
    expect(render("{{#repeat 2 5}}x{{/repeat}}", makeRequest(), low)).toBe("x, x");
    expect(render("{{#repeat 2 5}}x{{/repeat}}", makeRequest(), high)).toBe("x, x, x, x, x");
  });

  it("repeats zero times as empty output and accepts a custom separator", ({ expect }) => {
    expect(render("[{{#repeat 0}}x{{/repeat}}]")).toBe("[]");
    expect(render("{{#repeat 3 separator=''}}{{@index}}{{/repeat}}")).toBe("012");
  });

  it("renders with blocks against a new context", ({ expect }) => {
    const r = jsonRequest({ user: { name: "Ann" } });
    expect(render("{{#with (body 'user')}}{{name}}{{/with}}", r)).toBe("Ann");
    expect(render("{{#with (body 'nobody')}}x{{else}}none{{/with}}", r)).toBe("none");
  });

  it("treats an unknown block name without arguments as a section over data", ({ expect }) => {
    expect(render("{{#body.items}}{{name}}{{/body.items}}", req)).toBe("ab");
    expect(render("{{#body.missing}}x{{else}}no{{/body.missing}}", req)).toBe("no");
  });

  it("prints raw blocks without interpreting them", ({ expect }) => {
    expect(render("{{{{raw}}}}{{uuid}}{{{{/raw}}}}")).toBe("{{uuid}}");
  });
});
