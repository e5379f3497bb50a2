import { describe, it } from "vitest";
import { basicCredentials, requestToken } from "../../src/connections/token-client";
import type { TokenOutcome, TokenRequestConfig } from "../../src/connections/token-client";
import { fakeFetch, GOOD_TOKEN, json } from "./fake-fetch";

const SECRET = "s3cret+Value/with:colon";
const CONFIG: TokenRequestConfig = {
  tokenUrl: "https://as.example/token",
  clientId: "edgemock-client",
  clientSecret: SECRET,
  clientAuth: "client_secret_basic",
  additionalParams: {},
};
const NOW_MS = Date.UTC(2026, 0, 1);

function answerWith(
  response: () => Response | Promise<Response>,
  config: TokenRequestConfig = CONFIG,
  sensitive: string[] = [],
): Promise<TokenOutcome> {
  return requestToken(config, { fetch: fakeFetch(response).fetch, now: () => NOW_MS, sensitive });
}

function failure(outcome: TokenOutcome): Extract<TokenOutcome, { ok: false }> {
  if (outcome.ok) throw new Error("expected a failed outcome");
  return outcome;
}

describe("permanent token endpoint errors (RFC 6749 §5.2, test 5)", () => {
  it("reports 401 invalid_client with a hint about the client authentication method", async ({
    expect,
  }) => {
    const outcome = failure(
      await answerWith(() =>
        json({ error: "invalid_client" }, 401, { "www-authenticate": 'Basic realm="as"' }),
      ),
    );
    expect(outcome).toMatchObject({ kind: "permanent", code: "invalid_client", httpStatus: 401 });
    expect(outcome.retryAfterSeconds).toBeUndefined();
    expect(outcome.message).toBe(
      "the token endpoint answered 401 invalid_client: check the client id and secret " +
        '(if the secret has special characters, try client authentication "client_secret_post")',
    );
  });

  it("drops the Basic hint when the credentials already go in the body", async ({ expect }) => {
    const outcome = failure(
      await answerWith(() => json({ error: "invalid_client" }, 400), {
        ...CONFIG,
        clientAuth: "client_secret_post",
      }),
    );
    expect(outcome.message).toBe(
      "the token endpoint answered 400 invalid_client: check the client id and secret",
    );
  });

  it("reports 400 invalid_scope with the server's description", async ({ expect }) => {
    const outcome = failure(
      await answerWith(() =>
        json({ error: "invalid_scope", error_description: "scope 'admin' is not allowed" }, 400),
      ),
    );
    expect(outcome).toMatchObject({ kind: "permanent", code: "invalid_scope" });
    expect(outcome.message).toContain(`the server said "scope 'admin' is not allowed"`);
  });

  it("treats every RFC 6749 §5.2 code and a bare 400/401/403 as permanent", async ({ expect }) => {
    const codes = [
      "invalid_request",
      "invalid_client",
      "invalid_grant",
      "unauthorized_client",
      "unsupported_grant_type",
      "invalid_scope",
    ];
    for (const code of codes) {
      expect(failure(await answerWith(() => json({ error: code }, 400)))).toMatchObject({
        kind: "permanent",
        code,
      });
    }
    for (const status of [400, 401, 403]) {
      const outcome = failure(await answerWith(() => new Response("", { status })));
      expect(outcome).toMatchObject({ kind: "permanent", code: "token_endpoint_error" });
    }
  });

  it("truncates the description to 200 characters and strips control characters", async ({
    expect,
  }) => {
    const description = `bad\u0000\u001b[31m\r\nline ${"x".repeat(500)}`;
    const outcome = failure(
      await answerWith(() => json({ error: "invalid_grant", error_description: description }, 400)),
    );
    const said = /the server said "(.*)"$/.exec(outcome.message)?.[1] ?? "";
    expect(said.length).toBe(200);
    expect(said.startsWith("bad [31m line xxx")).toBe(true);
    const controls = [...outcome.message].filter((char) => (char.codePointAt(0) ?? 0) < 0x20);
    expect(controls).toEqual([]);
  });

  it("reads Okta's errorCode and errorSummary", async ({ expect }) => {
    const outcome = failure(
      await answerWith(() =>
        json({ errorCode: "invalid_client", errorSummary: "Invalid value for client_id" }, 401),
      ),
    );
    expect(outcome).toMatchObject({ kind: "permanent", code: "invalid_client" });
    expect(outcome.message).toContain('the server said "Invalid value for client_id"');
  });

  it("reads an error object sent with a 200 status", async ({ expect }) => {
    const outcome = failure(await answerWith(() => json({ error: "unauthorized_client" })));
    expect(outcome).toMatchObject({ kind: "permanent", code: "unauthorized_client" });
  });
});

describe("transient token endpoint errors (test 6)", () => {
  it("treats 500, a 502 HTML page and 429 as transient", async ({ expect }) => {
    const html = (): Response =>
      new Response("<html>Bad gateway</html>", {
        status: 502,
        headers: { "content-type": "text/html" },
      });
    expect(failure(await answerWith(() => json({}, 500)))).toMatchObject({ kind: "transient" });
    const gateway = failure(await answerWith(html));
    expect(gateway).toMatchObject({
      kind: "transient",
      code: "token_endpoint_error",
      httpStatus: 502,
    });
    expect(gateway.message).toMatch(/^the token endpoint answered 502 \(text\/html\): /);
    expect(failure(await answerWith(() => new Response("", { status: 429 })))).toMatchObject({
      kind: "transient",
      httpStatus: 429,
    });
  });

  it("passes Retry-After seconds through", async ({ expect }) => {
    const outcome = failure(
      await answerWith(() => new Response("", { status: 503, headers: { "retry-after": "120" } })),
    );
    expect(outcome).toMatchObject({ kind: "transient", retryAfterSeconds: 120 });
    expect(outcome.message).toContain("in 120 s");
  });

  it("reads a Retry-After date against the injected clock and caps it at 12 h", async ({
    expect,
  }) => {
    const in90s = new Date(NOW_MS + 90_000).toUTCString();
    const dated = failure(
      await answerWith(() => new Response("", { status: 429, headers: { "retry-after": in90s } })),
    );
    expect(dated.retryAfterSeconds).toBe(90);
    const far = failure(
      await answerWith(
        () => new Response("", { status: 503, headers: { "retry-after": "999999" } }),
      ),
    );
    expect(far.retryAfterSeconds).toBe(43_200);
  });

  it("treats temporarily_unavailable as transient even on a 400", async ({ expect }) => {
    const outcome = failure(
      await answerWith(() => json({ error: "temporarily_unavailable" }, 400)),
    );
    expect(outcome).toMatchObject({ kind: "transient", code: "temporarily_unavailable" });
  });

  it("reports a refused connection as transient and unreachable", async ({ expect }) => {
    const outcome = failure(
      await answerWith(() => Promise.reject(new TypeError("connect ECONNREFUSED 127.0.0.1:9"))),
    );
    expect(outcome).toMatchObject({ kind: "transient", code: "token_endpoint_unreachable" });
    expect(outcome.message).toBe("could not reach the token endpoint: connection refused");
    expect(outcome.httpStatus).toBeUndefined();
  });
});

describe("echoed credentials never reach the outcome (test 21)", () => {
  const basic = basicCredentials(CONFIG.clientId, SECRET);
  const echo =
    `secret=${SECRET} basic=Basic ${basic} b64=${btoa(SECRET)} ` +
    `pct=${encodeURIComponent(SECRET)} token=${GOOD_TOKEN}`;
  const forbidden = [SECRET, basic, btoa(SECRET), encodeURIComponent(SECRET), GOOD_TOKEN];

  /** Which forbidden values appear anywhere in the outcome. */
  function leaks(outcome: TokenOutcome): string[] {
    const text = JSON.stringify(outcome);
    return forbidden.filter((value) => text.includes(value));
  }

  it("scrubs a JSON error description that echoes them and the broker's current token", async ({
    expect,
  }) => {
    const outcome = failure(
      await answerWith(
        () => json({ error: "invalid_client", error_description: echo }, 401),
        CONFIG,
        [GOOD_TOKEN],
      ),
    );
    expect(outcome.message).toContain("[redacted]");
    expect(leaks(outcome)).toEqual([]);
  });

  it("scrubs a token the error body itself carries", async ({ expect }) => {
    const outcome = failure(
      await answerWith(() =>
        json({ error: "server_error", error_description: echo, access_token: GOOD_TOKEN }, 500),
      ),
    );
    expect(leaks(outcome)).toEqual([]);
  });

  it("scrubs a non-JSON error page that echoes the request", async ({ expect }) => {
    const outcome = failure(
      await answerWith(
        () =>
          new Response(`<pre>${echo}</pre>`, {
            status: 400,
            headers: { "content-type": "text/html" },
          }),
        CONFIG,
        [GOOD_TOKEN],
      ),
    );
    expect(leaks(outcome)).toEqual([]);
  });

  it("scrubs an unknown error code that echoes the secret", async ({ expect }) => {
    const outcome = failure(await answerWith(() => json({ error: `bad ${SECRET}` }, 400)));
    expect(leaks(outcome)).toEqual([]);
  });

  it("scrubs a token type that echoes the token", async ({ expect }) => {
    const outcome = failure(
      await answerWith(() => json({ access_token: GOOD_TOKEN, token_type: `x ${GOOD_TOKEN}` })),
    );
    expect(outcome.code).toBe("invalid_token_response");
    expect(leaks(outcome)).toEqual([]);
  });

  it("scrubs a redirect target that carries the secret", async ({ expect }) => {
    const outcome = failure(
      await answerWith(
        () =>
          new Response(null, {
            status: 302,
            headers: { location: `https://evil.example/${encodeURIComponent(SECRET)}?s=${SECRET}` },
          }),
      ),
    );
    expect(outcome.code).toBe("token_endpoint_redirect");
    expect(leaks(outcome)).toEqual([]);
  });

  it("omits server text entirely when the secret is too short to scrub reliably", async ({
    expect,
  }) => {
    const outcome = failure(
      await answerWith(() => json({ error: "invalid_client", error_description: "got abc" }, 401), {
        ...CONFIG,
        clientSecret: "abc",
      }),
    );
    expect(outcome.message).not.toContain("server said");
    expect(outcome.message).not.toContain("abc");
  });
});
