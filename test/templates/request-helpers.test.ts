import { describe, it } from "vitest";
import { jsonRequest, makeRequest, render } from "./support";

describe("request helpers", () => {
  const req = makeRequest({
    method: "PUT",
    path: "/orders/42",
    query: "q=shoes&q=hats&empty=",
    headers: { "X-Trace-Id": "abc", Accept: "text/html" },
    pathParams: { id: "42" },
  });

  it("prints the method and path", ({ expect }) => {
    expect(render("{{method}} {{path}}", req)).toBe("PUT /orders/42");
  });

  it("reads path params and falls back to the default when one is missing", ({ expect }) => {
    expect(render("{{pathParam 'id'}}|{{pathParam 'nope' 'd'}}|{{pathParam 'nope'}}", req)).toBe(
      "42|d|",
    );
  });

  it("reads the first query value and uses the default only when the key is absent", ({
    expect,
  }) => {
    expect(
      render("{{queryParam 'q'}}|{{queryParam 'x' 'none'}}|{{queryParam 'empty' 'd'}}", req),
    ).toBe("shoes|none|");
  });

  it("reads headers case-insensitively with a default", ({ expect }) => {
    expect(
      render("{{header 'x-trace-id'}}|{{header 'X-TRACE-ID'}}|{{header 'x-no' 'n/a'}}", req),
    ).toBe("abc|abc|n/a");
  });

  it("prints the raw body with {{{body}}} and escapes it with {{body}}", ({ expect }) => {
    const r = makeRequest({ body: '{"a":"<b>"}', headers: { "content-type": "application/json" } });
    expect(render("{{{body}}}", r)).toBe('{"a":"<b>"}');
    expect(render("{{body}}", r)).toBe("{&quot;a&quot;:&quot;&lt;b&gt;&quot;}");
  });

  it("looks up a JSON body by dot path, including array indexes", ({ expect }) => {
    const r = jsonRequest({ a: { b: [{ c: "deep" }] }, n: 0, flag: false });
    expect(render("{{body 'a.b.0.c'}}|{{body 'a.b[0].c'}}|{{body 'n'}}|{{body 'flag'}}", r)).toBe(
      "deep|deep|0|false",
    );
  });

  it("uses the body default when the path is missing or the body is not JSON", ({ expect }) => {
    expect(render("{{body 'a.x' 'dflt'}}", jsonRequest({ a: {} }))).toBe("dflt");
    const text = makeRequest({ body: "plain", headers: { "content-type": "text/plain" } });
    expect(render("{{body 'a' 'dflt'}}", text)).toBe("dflt");
    const broken = makeRequest({ body: "{oops", headers: { "content-type": "application/json" } });
    expect(render("{{body 'a' 'dflt'}}", broken)).toBe("dflt");
  });

  it("prints objects and arrays from the body as JSON text", ({ expect }) => {
    const r = jsonRequest({ user: { name: "Ann", tags: ["x", "y"] } });
    expect(render("{{{body 'user'}}}", r)).toBe('{"name":"Ann","tags":["x","y"]}');
    expect(render("{{{body 'user.tags'}}}", r)).toBe('["x","y"]');
  });

  it("reads form-urlencoded bodies by field, with repeated fields as arrays", ({ expect }) => {
    const r = makeRequest({
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
      body: "name=Ann+Lee&tag=a&tag=b&a.b=dotted",
    });
    expect(render("{{body 'name'}}|{{body 'tag.1'}}|{{body 'a.b'}}|{{body 'x' 'd'}}", r)).toBe(
      "Ann Lee|b|dotted|d",
    );
  });

  it("guesses JSON and form bodies when no content type is sent", ({ expect }) => {
    expect(render("{{body 'a'}}", makeRequest({ body: '{"a":1}' }))).toBe("1");
    expect(render("{{body 'a'}}", makeRequest({ body: "a=2" }))).toBe("2");
  });

  it("exposes request data as context paths", ({ expect }) => {
    const r = makeRequest({
      query: "q=1",
      headers: { "x-id": "h", "content-type": "application/json" },
      body: '{"user":{"name":"Ann"}}',
      pathParams: { id: "7" },
    });
    expect(
      render(
        "{{body.user.name}} {{query.q}} {{headers.x-id}} {{pathParams.id}} {{@root.method}}",
        r,
      ),
    ).toBe("Ann 1 h 7 GET");
  });

  it("parses the body once per request object across several templates", ({ expect }) => {
    let reads = 0;
    const r = jsonRequest({ a: 1 });
    const text = r.body;
    Object.defineProperty(r, "body", {
      get: () => {
        reads++;
        return text;
      },
    });
    render("{{body 'a'}}", r);
    render("{{body.a}} {{body 'a'}}", r);
    expect(reads).toBe(1);
  });
});

describe("body reading shared with body conditions", () => {
  it("reads a JSON body sent as text/plain the way a body condition does", ({ expect }) => {
    // Regression: conditions matched `qty` here while {{body 'qty'}} rendered empty.
    const r = makeRequest({ headers: { "content-type": "text/plain" }, body: '{"qty":4}' });
    expect(render("{{body 'qty'}}", r)).toBe("4");
  });
});
