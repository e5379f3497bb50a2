import { describe, it } from "vitest";
import {
  TemplateSyntaxError,
  compileTemplate,
  isStaticTemplate,
  renderTemplate,
} from "../../src/templates";
import { makeRequest } from "./support";

function syntaxError(source: string): TemplateSyntaxError {
  try {
    compileTemplate(source);
  } catch (err) {
    if (err instanceof TemplateSyntaxError) return err;
    throw err;
  }
  throw new Error(`compiled without error: ${source}`);
}

describe("compileTemplate", () => {
  it("reports a broken mustache with its 1-based line and column", ({ expect }) => {
    const err = syntaxError('{\n  "a": {{foo bar}\n}');
    expect([err.line, err.column]).toEqual([2, 17]);
    expect(err.message).toContain('Unexpected "}"');
  });

  it("reports a block that is never closed", ({ expect }) => {
    const err = syntaxError("a {{#if x}}b");
    expect(err.message).toContain("a block is not closed");
    expect(err.line).toBe(1);
  });

  it("reports a close tag that does not match its block at the block name", ({ expect }) => {
    const err = syntaxError("x\n{{#each a}}y{{/if}}");
    expect(err.message).toContain("each doesn't match if");
    expect([err.line, err.column]).toEqual([2, 4]);
  });

  it("rejects an unknown helper called with arguments, pointing at its name", ({ expect }) => {
    const err = syntaxError("hello\n   {{frobnicate 'x'}}");
    expect(err.message).toContain('Unknown helper "frobnicate"');
    expect([err.line, err.column]).toEqual([2, 6]);
  });

  it("rejects unknown helpers in subexpressions and blocks with arguments", ({ expect }) => {
    expect(syntaxError("{{#if (nope)}}x{{/if}}").message).toContain('Unknown helper "nope"');
    expect(syntaxError("{{#loop 3}}x{{/loop}}").message).toContain('Unknown helper "loop"');
    expect(syntaxError("{{a.b 'x'}}").message).toContain('Unknown helper "a.b"');
  });

  it("rejects partials, decorators and inline partials as unsupported", ({ expect }) => {
    expect(syntaxError("{{> header}}").message).toContain("Partials");
    expect(syntaxError("{{#> layout}}x{{/layout}}").message).toContain("Partials");
    expect(syntaxError("{{#*inline 'p'}}x{{/inline}}").message).toContain("not supported");
    expect(syntaxError("{{*decorate}}").message).toContain("not supported");
  });

  it("rejects block helpers used inline and inline helpers used as blocks", ({ expect }) => {
    expect(syntaxError("{{each items}}").message).toContain("is a block helper");
    expect(syntaxError("{{#uppercase 'x'}}y{{/uppercase}}").message).toContain(
      "is not a block helper",
    );
  });

  it("checks the number of arguments and named options", ({ expect }) => {
    expect(syntaxError("{{randomInt 1}}").message).toContain('"randomInt" takes 2 argument(s)');
    expect(syntaxError("{{eq 1 2 3}}").message).toContain('"eq" takes 2');
    expect(syntaxError("{{uppercase 'x' loud=true}}").message).toContain('no option "loud"');
  });

  it("checks literal arguments when the rule is saved", ({ expect }) => {
    expect(syntaxError("{{randomInt 'a' 3}}").message).toContain("min must be a number");
    expect(syntaxError("{{randomInt 5 1}}").message).toContain("greater than max");
    expect(syntaxError("{{now 'weekly'}}").message).toContain("unknown format");
    expect(syntaxError("{{now '{fortnights:1}'}}").message).toContain("days, hours");
    expect(syntaxError("{{#repeat 1001}}x{{/repeat}}").message).toContain("between 0 and 1000");
    expect(syntaxError("{{faker 'person.nope'}}").message).toContain("unknown method");
  });

  it("accepts dynamic arguments it cannot check until serve time", ({ expect }) => {
    expect(() => compileTemplate("{{randomInt 1 (queryParam 'max')}}")).not.toThrow();
    expect(() => compileTemplate("{{#repeat (queryParam 'n')}}x{{/repeat}}")).not.toThrow();
  });

  it("accepts unknown names without arguments as data lookups", ({ expect }) => {
    expect(() => compileTemplate("{{customer.name}} {{#items}}x{{/items}}")).not.toThrow();
  });

  it("applies whitespace control and drops comments", ({ expect }) => {
    const t = compileTemplate("a  {{~method~}}  b{{! note }}{{!-- long }} --}}|");
    expect(renderTemplate(t, makeRequest())).toBe("aGETb|");
  });

  it("keeps escaped mustaches literal", ({ expect }) => {
    expect(renderTemplate(compileTemplate("\\{{method}}"), makeRequest())).toBe("{{method}}");
  });

  it("renders a template object it did not compile by compiling its source", ({ expect }) => {
    expect(renderTemplate({ source: "{{method}}" }, makeRequest())).toBe("GET");
  });
});

describe("isStaticTemplate", () => {
  it("is true only when the source has no mustaches", ({ expect }) => {
    expect(isStaticTemplate('{"ok":true}')).toBe(true);
    expect(isStaticTemplate("{ {not} }")).toBe(true);
    expect(isStaticTemplate("{{method}}")).toBe(false);
    expect(isStaticTemplate("\\{{escaped}}")).toBe(false);
  });
});

// Regression: `{"id":{{uuid}}}` used to be a syntax error, as it is in Handlebars itself.
describe("a JSON object closing right after a mustache", () => {
  it("renders `{{x}}}` as the value followed by a brace", ({ expect }) => {
    const t = compileTemplate("{\"qty\":{{body 'qty'}}}");
    const out = renderTemplate(t, {
      method: "POST",
      path: "/",
      query: new URLSearchParams(),
      headers: new Headers({ "content-type": "application/json" }),
      body: '{"qty":3}',
      pathParams: {},
    });
    expect(JSON.parse(out)).toEqual({ qty: 3 });
  });

  it("keeps triple-stashes, strings with braces and comments as Handlebars reads them", ({
    expect,
  }) => {
    const req = {
      method: "GET",
      path: "/p",
      query: new URLSearchParams("a=<b>"),
      headers: new Headers(),
      body: "",
      pathParams: {},
    };
    expect(renderTemplate(compileTemplate("{{{queryParam 'a'}}}"), req)).toBe("<b>");
    expect(renderTemplate(compileTemplate("{{default '' '}}}'}}"), req)).toBe("}}}");
    expect(renderTemplate(compileTemplate("{a:{{!c}}}"), req)).toBe("{a:}");
    expect(renderTemplate(compileTemplate("{{{{raw}}}}{{x}}}{{{{/raw}}}}"), req)).toBe("{{x}}}");
  });
});
