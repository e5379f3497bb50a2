import { describe, it } from "vitest";
import { TemplateRenderError, compileTemplate, renderTemplate } from "../../src/templates";
import { FIXED, jsonRequest, makeRequest, render } from "./support";

describe("render caps", () => {
  it("stops a template that needs more than the default 100 000 steps", ({ expect }) => {
    const t = "{{#repeat 1000}}{{#repeat 1000}}x{{/repeat}}{{/repeat}}";
    expect(() => render(t)).toThrow(TemplateRenderError);
    expect(() => render(t)).toThrow(/stopped after 100000 steps/);
  });

  it("counts each loop iteration against maxSteps", ({ expect }) => {
    const t = "{{#repeat 10}}{{/repeat}}";
    expect(() => render(t, makeRequest(), { ...FIXED, maxSteps: 10 })).toThrow(/10 steps/);
    expect(render(t, makeRequest(), { ...FIXED, maxSteps: 20 })).toBe(", , , , , , , , , ");
  });

  it("stops each over a huge body array", ({ expect }) => {
    const r = jsonRequest({ items: Array.from({ length: 200_000 }, (_, i) => i) });
    expect(() => render("{{#each body.items}}{{/each}}", r)).toThrow(/steps/);
  });

  it("stops output over the default 1 MiB", ({ expect }) => {
    const r = makeRequest({ body: "a".repeat(2048) });
    expect(() => render("{{#repeat 1000}}{{{body}}}{{/repeat}}", r)).toThrow(
      /larger than 1048576 bytes/,
    );
    expect(render("{{#repeat 400}}{{{body}}}{{/repeat}}", r)).toHaveLength(400 * 2048 + 399 * 2);
  });

  it("counts maxOutputBytes in UTF-8 bytes", ({ expect }) => {
    const opts = { ...FIXED, maxOutputBytes: 10 };
    expect(render("{{{body}}}", makeRequest({ body: "0123456789" }), opts)).toBe("0123456789");
    expect(() => render("{{{body}}}", makeRequest({ body: "éééééé" }), opts)).toThrow(
      TemplateRenderError,
    );
    expect(() => render("0123456789{{method}}", makeRequest(), opts)).toThrow(/larger than 10/);
  });

  it("refuses a repeat count over 1000 that arrives with the request", ({ expect }) => {
    const t = compileTemplate("{{#repeat (queryParam 'n')}}x{{/repeat}}");
    const run = (n: string) => renderTemplate(t, makeRequest({ query: `n=${n}` }), FIXED);
    expect(run("1000").length).toBe(1000 + 999 * 2);
    expect(() => run("1001")).toThrow(/repeat: count must be between 0 and 1000, got 1001/);
    expect(() => run("-1")).toThrow(TemplateRenderError);
  });

  it("caps faker counts so one call cannot take long", ({ expect }) => {
    const r = makeRequest({ query: "n=100000000" });
    expect(() => render("{{faker 'string.alpha' (queryParam 'n')}}", r)).toThrow(/limited to 1000/);
    expect(() => compileTemplate("{{faker 'lorem.words' 5000}}")).toThrow(/limited to 1000/);
    expect(() => render("{{faker 'lorem.words' body.n}}", jsonRequest({ n: 5000 }))).toThrow(
      /limited to 1000/,
    );
    expect(() => render("{{faker 'string.alpha' length=5000}}")).toThrow(/limited to 1000/);
  });
});

describe("helper misuse at serve time", () => {
  it("says which helper failed, why and where", ({ expect }) => {
    const r = makeRequest({ query: "max=abc" });
    expect(() => render("\n  {{randomInt 1 (queryParam 'max')}}", r)).toThrow(
      'randomInt: max must be a number, got "abc" (line 2, column 3)',
    );
  });

  it("reports bad now formats and offsets from the request", ({ expect }) => {
    const r = makeRequest({ query: "f=weekly&o=%7Byears%3A1%7D" });
    expect(() => render("{{now (queryParam 'f')}}", r)).toThrow(/now: unknown format "weekly"/);
    expect(() => render("{{now (queryParam 'o') 'iso'}}", r)).toThrow(/now: offset entry/);
  });

  it("reports faker's own complaints", ({ expect }) => {
    expect(() => render("{{faker 'number.int' min=10 max=1}}")).toThrow(/faker 'number.int'/);
  });

  it("reports randomInt bounds in the wrong order", ({ expect }) => {
    const r = makeRequest({ query: "min=9" });
    expect(() => render("{{randomInt (queryParam 'min') 1}}", r)).toThrow(
      /min 9 is greater than max 1/,
    );
  });
});
