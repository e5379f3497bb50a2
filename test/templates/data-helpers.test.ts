import { describe, it } from "vitest";
import { FIXED, makeRequest, render } from "./support";

describe("data helpers", () => {
  it("prints now as ISO by default and as epoch milliseconds or unix seconds on request", ({
    expect,
  }) => {
    expect(render("{{now}}|{{now 'iso'}}")).toBe(
      "2024-05-01T12:00:00.000Z|2024-05-01T12:00:00.000Z",
    );
    expect(render("{{now 'epoch'}}|{{now 'unix'}}")).toBe(`${Date.UTC(2024, 4, 1, 12)}|1714564800`);
  });

  it("shifts now by an offset object, including negative and combined units", ({ expect }) => {
    expect(render("{{now '{minutes:5}' 'iso'}}")).toBe("2024-05-01T12:05:00.000Z");
    expect(render("{{now '{days:-1, hours: 2}'}}")).toBe("2024-04-30T14:00:00.000Z");
    expect(render("{{now '{\"seconds\":30}' 'epoch'}}")).toBe(
      String(Date.UTC(2024, 4, 1, 12, 0, 30)),
    );
  });

  it("uses the real clock when no clock is given", ({ expect }) => {
    const out = Number(render("{{now 'epoch'}}", makeRequest(), {}));
    expect(Math.abs(out - Date.now())).toBeLessThan(60_000);
  });

  it("draws randomInt inclusively from both ends", ({ expect }) => {
    const low = { ...FIXED, random: () => 0 };
    const high = { ...FIXED, random: () => 0.999999 };
    expect(render("{{randomInt 1 10}}", makeRequest(), low)).toBe("1");
    expect(render("{{randomInt 1 10}}", makeRequest(), high)).toBe("10");
    expect(render("{{randomInt -3 -3}}")).toBe("-3");
  });

  it("accepts numeric text for randomInt bounds from the request", ({ expect }) => {
    const req = makeRequest({ query: "max=4" });
    expect(render("{{randomInt 4 (queryParam 'max')}}", req)).toBe("4");
  });

  it("prints a version 4 uuid", ({ expect }) => {
    const v4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(render("{{uuid}}")).toMatch(v4);
    const a = render("{{uuid}}", makeRequest(), {});
    const b = render("{{uuid}}", makeRequest(), {});
    expect(a).toMatch(v4);
    expect(a).not.toBe(b);
  });

  it("calls faker methods by namespace path", ({ expect }) => {
    expect(render("{{faker 'person.firstName'}}")).toMatch(/^[A-Z][a-z]+/);
    expect(render("{{faker 'string.uuid'}}")).toMatch(/^[0-9a-f-]{36}$/);
    expect(render("{{faker 'internet.email'}}")).toContain("@");
  });

  it("passes positional and named options to faker", ({ expect }) => {
    expect(render("{{faker 'string.alpha' 7}}")).toMatch(/^[a-zA-Z]{7}$/);
    expect(render("{{faker 'number.int' min=5 max=5}}")).toBe("5");
    expect(render("{{faker 'number.int' min=1000000 max=1000000}}")).toBe("1000000");
  });

  it("makes faker repeatable with the random option", ({ expect }) => {
    const src = "{{faker 'person.fullName'}} {{faker 'number.int' max=1000}}";
    expect(render(src)).toBe(render(src));
  });

  it("uses the now option as faker's reference date", ({ expect }) => {
    const year = Number(render("{{faker 'date.past'}}").slice(0, 4));
    expect(year === 2023 || year === 2024).toBe(true);
  });
});
