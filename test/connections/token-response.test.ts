import { describe, it } from "vitest";
import { bytesToBase64Url } from "../../src/connections/base64";
import { DEFAULT_TOKEN_TTL_SECONDS, requestToken } from "../../src/connections/token-client";
import type { TokenOutcome, TokenRequestConfig } from "../../src/connections/token-client";
import { fakeFetch, GOOD_TOKEN, json } from "./fake-fetch";

const CONFIG: TokenRequestConfig = {
  tokenUrl: "https://as.example/token",
  clientId: "edgemock-client",
  clientSecret: "correct-horse-battery-staple",
  clientAuth: "client_secret_basic",
  additionalParams: {},
};
const NOW_MS = Date.UTC(2026, 0, 1);

function answerWith(response: () => Response): Promise<TokenOutcome> {
  return requestToken(CONFIG, { fetch: fakeFetch(response).fetch, now: () => NOW_MS });
}

function jwtWithExp(exp: number): string {
  const part = (value: unknown): string =>
    bytesToBase64Url(new TextEncoder().encode(JSON.stringify(value)));
  return `${part({ alg: "RS256" })}.${part({ sub: "client", exp })}.c2lnbmF0dXJl`;
}

describe("malformed 2xx bodies give invalid_token_response (test 4)", () => {
  const token = { access_token: GOOD_TOKEN, token_type: "Bearer", expires_in: 3600 };
  const cases: [string, () => Response][] = [
    ["no access_token", () => json({ token_type: "Bearer" })],
    ["empty access_token", () => json({ ...token, access_token: "" })],
    ["numeric access_token", () => json({ ...token, access_token: 42 })],
    ["missing token_type", () => json({ access_token: GOOD_TOKEN, expires_in: 60 })],
    ["token_type mac", () => json({ ...token, token_type: "mac" })],
    ["token_type DPoP", () => json({ ...token, token_type: "DPoP" })],
    ["expires_in a word", () => json({ ...token, expires_in: "soon" })],
    ["expires_in negative", () => json({ ...token, expires_in: -5 })],
    ["expires_in NaN as text", () => json({ ...token, expires_in: "NaN" })],
    ["expires_in a date", () => json({ ...token, expires_in: "2026-01-01T00:00:00Z" })],
    [
      "expires_in infinite",
      () => new Response(`{"access_token":"a.b.c","token_type":"Bearer","expires_in":1e999}`),
    ],
    ["expires_in an object", () => json({ ...token, expires_in: { s: 1 } })],
    ["a JSON array", () => json([token])],
    ["JSON null", () => json(null)],
    ["an empty body", () => new Response("", { headers: { "content-type": "application/json" } })],
    [
      "an HTML page",
      () => new Response("<html>login</html>", { headers: { "content-type": "text/html" } }),
    ],
    [
      "HTML labelled JSON",
      () => new Response("<!doctype html>", { headers: { "content-type": "application/json" } }),
    ],
  ];

  for (const [name, response] of cases) {
    it(`refuses ${name}`, async ({ expect }) => {
      const outcome = await answerWith(response);
      expect(outcome).toMatchObject({
        ok: false,
        kind: "permanent",
        code: "invalid_token_response",
      });
      expect(outcome.ok ? "" : outcome.message).toMatch(/^the token endpoint /);
    });
  }

  it("names the content type when a 200 body is not JSON", async ({ expect }) => {
    const outcome = await answerWith(
      () =>
        new Response("<html></html>", { headers: { "content-type": "text/html; charset=utf-8" } }),
    );
    expect(outcome.ok ? "" : outcome.message).toBe(
      "the token endpoint answered 200 but the body is not JSON (text/html)",
    );
  });
});

describe("tolerated provider quirks (test 4, PEERS.md B 21–23)", () => {
  it("accepts token_type in any case and reports it as Bearer", async ({ expect }) => {
    for (const tokenType of ["bearer", "BEARER", "Bearer"]) {
      const outcome = await answerWith(() =>
        json({ access_token: GOOD_TOKEN, token_type: tokenType, expires_in: 60 }),
      );
      expect(outcome).toMatchObject({ ok: true, tokenType: "Bearer", accessToken: GOOD_TOKEN });
    }
  });

  it("accepts expires_in as a numeric string", async ({ expect }) => {
    const outcome = await answerWith(() =>
      json({ access_token: GOOD_TOKEN, token_type: "bearer", expires_in: "3599" }),
    );
    expect(outcome).toMatchObject({ ok: true, expiresIn: 3599, expiresInSource: "expires_in" });
  });

  it("clamps expires_in to between 1 s and one year", async ({ expect }) => {
    const zero = await answerWith(() =>
      json({ access_token: GOOD_TOKEN, token_type: "bearer", expires_in: 0 }),
    );
    const huge = await answerWith(() =>
      json({ access_token: GOOD_TOKEN, token_type: "bearer", expires_in: 1e12 }),
    );
    expect(zero).toMatchObject({ ok: true, expiresIn: 1 });
    expect(huge).toMatchObject({ ok: true, expiresIn: 31_536_000 });
  });

  it("uses the default TTL when expires_in is missing and the token is opaque", async ({
    expect,
  }) => {
    const outcome = await answerWith(() =>
      json({ access_token: "opaque-token", token_type: "Bearer" }),
    );
    expect(outcome).toMatchObject({
      ok: true,
      expiresIn: DEFAULT_TOKEN_TTL_SECONDS,
      expiresInSource: "default",
    });
  });

  it("uses the JWT exp claim when expires_in is missing", async ({ expect }) => {
    const accessToken = jwtWithExp(NOW_MS / 1000 + 900);
    const outcome = await answerWith(() =>
      json({ access_token: accessToken, token_type: "Bearer" }),
    );
    expect(outcome).toMatchObject({ ok: true, expiresIn: 900, expiresInSource: "jwt_exp" });
  });

  it("reads a JSON body sent as text/plain", async ({ expect }) => {
    const body = JSON.stringify({ access_token: GOOD_TOKEN, token_type: "Bearer", scope: "a b" });
    const outcome = await answerWith(
      () => new Response(body, { headers: { "content-type": "text/plain" } }),
    );
    expect(outcome).toMatchObject({ ok: true, scope: "a b", httpStatus: 200 });
  });

  it("reads a declared form-encoded body", async ({ expect }) => {
    const outcome = await answerWith(
      () =>
        new Response(`access_token=${GOOD_TOKEN}&token_type=bearer&expires_in=60`, {
          headers: { "content-type": "application/x-www-form-urlencoded" },
        }),
    );
    expect(outcome).toMatchObject({ ok: true, accessToken: GOOD_TOKEN, expiresIn: 60 });
  });
});

describe("access tokens that cannot go into a header (test 12)", () => {
  for (const [name, accessToken] of [
    ["CR LF", "abc\r\nX-Injected: 1"],
    ["a space", "abc def"],
    ["a tab", "abc\tdef"],
    ["a NUL", "abc\u0000def"],
    ["non-ASCII", "abcé"],
  ]) {
    it(`refuses a token containing ${name}`, async ({ expect }) => {
      const outcome = await answerWith(() =>
        json({ access_token: accessToken, token_type: "Bearer", expires_in: 60 }),
      );
      expect(outcome).toMatchObject({ ok: false, code: "invalid_token_response" });
      expect(outcome.ok ? "" : outcome.message).not.toContain("abc");
    });
  }
});
