/**
 * RELIABILITY test 39: templates never reach env, secrets, tokens, prototypes or globals, and
 * request values are escaped for their output context.
 */
import { afterEach, describe, it } from "vitest";
import { TemplateSyntaxError, compileTemplate } from "../../src/templates";
import { jsonRequest, makeRequest, render } from "./support";

const HOSTILE = '"}, "admin": true, "x": "</script><script>alert(1)</script>';

describe("template injection (test 39)", () => {
  const g = globalThis as Record<string, unknown>;
  afterEach(() => {
    delete g.MASTER_KEY;
  });

  const req = makeRequest({
    query: "k=constructor",
    headers: { "content-type": "application/json" },
    body: '{"items":[1,2],"__proto__":{"polluted":"yes"},"nested":{"constructor":{"name":"x"}}}',
  });

  it.for([
    "{{env.MASTER_KEY}}",
    "{{MASTER_KEY}}",
    "{{@root.MASTER_KEY}}",
    "{{connection.client_secret}}",
    "{{token}}",
    "{{constructor}}",
    "{{constructor.name}}",
    "{{this.constructor.constructor}}",
    "{{@root.constructor.constructor}}",
    "{{../constructor}}",
    "{{__proto__}}",
    "{{body.__proto__.polluted}}",
    "{{body.nested.constructor.name}}",
    "{{body.items.constructor}}",
    "{{body.constructor.prototype}}",
    "{{query.toString}}",
    "{{headers.constructor}}",
    "{{method.length}}",
    "{{lookup body '__proto__'}}",
    "{{lookup body (queryParam 'k')}}",
    "{{lookup (body 'items') 'constructor'}}",
    "{{body '__proto__.polluted' }}",
    "{{body 'items.constructor.name'}}",
    "{{#with body.constructor}}reached{{/with}}",
    "{{#each body.constructor}}reached{{/each}}",
    "{{#body.__proto__}}reached{{/body.__proto__}}",
  ])("renders %s as empty", (source, { expect }) => {
    g.MASTER_KEY = "s3cr3t";
    expect(render(source, req)).toBe("");
  });

  it("still reads ordinary own data such as an array length", ({ expect }) => {
    expect(render("{{body.items.length}}", req)).toBe("2");
  });

  it("does not pollute Object.prototype from a __proto__ key in the body", ({ expect }) => {
    render("{{#each body}}{{@key}}{{/each}}{{json body}}", req);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.for([
    "{{constructor.constructor('return globalThis')()}}",
    "{{constructor.constructor 'return globalThis'}}",
    "{{#with (constructor)}}x{{/with}}",
    "{{faker 'person.constructor'}}",
    "{{faker 'person.toString'}}",
    "{{faker 'person.__proto__'}}",
    "{{faker 'helpers.fake' '{{person.firstName}}'}}",
    "{{faker 'fakerCore.randomizer.next'}}",
  ])("rejects %s when the rule is saved", (source, { expect }) => {
    expect(() => compileTemplate(source)).toThrow(TemplateSyntaxError);
  });

  it("keeps JSON valid when a hostile value goes through json", ({ expect }) => {
    const r = makeRequest({ query: new URLSearchParams({ q: HOSTILE }).toString() });
    const out = render("{\"name\": {{json (queryParam 'q')}} }", r);
    expect(JSON.parse(out)).toEqual({ name: HOSTILE });
    expect(out).not.toContain("</script>");
  });

  it("keeps JSON valid when a hostile body object goes through json", ({ expect }) => {
    const r = jsonRequest({ user: { name: HOSTILE, note: "a\u2028b" } });
    const out = render('{"user": {{json (body "user")}} }', r);
    expect(JSON.parse(out)).toEqual({ user: { name: HOSTILE, note: "a\u2028b" } });
    expect(out).not.toMatch(/<|>|\u2028/);
  });

  it("HTML-escapes a hostile value in double braces and keeps a JSON string valid", ({
    expect,
  }) => {
    const r = makeRequest({ query: new URLSearchParams({ q: HOSTILE }).toString() });
    const html = render("<p>{{queryParam 'q'}}</p>", r);
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;/script&gt;");
    const json = render('{"name": "{{queryParam \'q\'}}"}', r);
    expect(Object.keys(JSON.parse(json) as object)).toEqual(["name"]);
  });

  it("prints a hostile value unescaped only in triple braces", ({ expect }) => {
    const r = makeRequest({ query: "q=%3Cb%3E" });
    expect(render("{{{queryParam 'q'}}}|{{queryParam 'q'}}", r)).toBe("<b>|&lt;b&gt;");
  });

  it("treats template syntax inside request values as literal text", ({ expect }) => {
    const r = makeRequest({ query: new URLSearchParams({ q: "{{env.MASTER_KEY}}" }).toString() });
    expect(render("{{{queryParam 'q'}}}", r)).toBe("{{env.MASTER_KEY}}");
    const b = jsonRequest({ a: "{{#repeat 1000}}x{{/repeat}}" });
    expect(render("{{{body 'a'}}}", b)).toBe("{{#repeat 1000}}x{{/repeat}}");
  });

  it("rejects a faker method name taken from the request at serve time", ({ expect }) => {
    const r = makeRequest({ query: "m=helpers.fake" });
    expect(() => render("{{faker (queryParam 'm')}}", r)).toThrow(/unknown method/);
  });
});
