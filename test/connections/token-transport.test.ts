import { describe, it } from "vitest";
import { requestToken } from "../../src/connections/token-client";
import type { TokenRequestConfig } from "../../src/connections/token-client";
import { endlessBody, fakeFetch, GOOD_TOKEN, tokenJson } from "./fake-fetch";

const CONFIG: TokenRequestConfig = {
  tokenUrl: "https://as.example/token",
  clientId: "edgemock-client",
  clientSecret: "correct-horse-battery-staple",
  clientAuth: "client_secret_basic",
  additionalParams: {},
};

describe("slow token endpoints (test 7)", () => {
  it("times out when the headers never come, even if fetch ignores the signal", async ({
    expect,
  }) => {
    const stalled = fakeFetch(() => new Promise<Response>(() => undefined));
    const outcome = await requestToken(CONFIG, { fetch: stalled.fetch, timeoutMs: 50 });
    expect(outcome).toMatchObject({
      ok: false,
      kind: "transient",
      code: "token_endpoint_timeout",
      message: "the token endpoint took longer than 0.05 s",
    });
  });

  it("times out a trickling body, cancels it, and succeeds once the server recovers", async ({
    expect,
  }) => {
    const trickle = endlessBody(new TextEncoder().encode(" "), 10);
    let healthy = false;
    const server = fakeFetch(() =>
      healthy
        ? tokenJson()
        : new Response(trickle.stream, { headers: { "content-type": "application/json" } }),
    );
    const slow = await requestToken(CONFIG, { fetch: server.fetch, timeoutMs: 80 });
    expect(slow).toMatchObject({ ok: false, code: "token_endpoint_timeout", httpStatus: 200 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(trickle.state.cancelled).toBe(true);

    healthy = true;
    const next = await requestToken(CONFIG, { fetch: server.fetch, timeoutMs: 80 });
    expect(next).toMatchObject({ ok: true, accessToken: GOOD_TOKEN });
  });

  it("aborts the signal it hands to fetch when the deadline passes", async ({ expect }) => {
    const server = fakeFetch(
      (request) =>
        new Promise<Response>((_, reject) => {
          request.signal?.addEventListener("abort", () => reject(new Error("aborted")));
        }),
    );
    const outcome = await requestToken(CONFIG, { fetch: server.fetch, timeoutMs: 20 });
    expect(server.requests[0]?.signal?.aborted).toBe(true);
    expect(outcome).toMatchObject({ ok: false, code: "token_endpoint_timeout" });
  });
});

describe("huge token responses (test 8)", () => {
  it("rejects an endless body after 64 KiB and cancels the rest", async ({ expect }) => {
    const endless = endlessBody(new Uint8Array(16 * 1024).fill(0x20));
    const server = fakeFetch(
      () => new Response(endless.stream, { headers: { "content-type": "application/json" } }),
    );
    const outcome = await requestToken(CONFIG, { fetch: server.fetch });
    expect(outcome).toMatchObject({
      ok: false,
      kind: "permanent",
      code: "token_response_too_large",
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(endless.state.cancelled).toBe(true);
    // Memory stays bounded: the source was pulled little past the cap before being cancelled.
    expect(endless.state.sent).toBeLessThan(256 * 1024);
  });

  it("accepts a token answer just under a small cap", async ({ expect }) => {
    const server = fakeFetch(() => tokenJson());
    const outcome = await requestToken(CONFIG, { fetch: server.fetch, maxResponseBytes: 200 });
    expect(outcome.ok).toBe(true);
  });
});

describe("redirects (test 9)", () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`does not follow a ${status} and never calls the second host`, async ({ expect }) => {
      const server = fakeFetch((request) =>
        request.url.startsWith("https://as.example/")
          ? new Response(null, { status, headers: { location: "https://other.example/token" } })
          : tokenJson(),
      );
      const outcome = await requestToken(CONFIG, { fetch: server.fetch });
      expect(outcome).toMatchObject({
        ok: false,
        kind: "permanent",
        code: "token_endpoint_redirect",
        httpStatus: status,
      });
      expect(outcome.ok ? "" : outcome.message).toBe(
        "the token endpoint redirected to https://other.example/token; edgemock does not " +
          "follow token-endpoint redirects (RFC 9700 §4.12), " +
          "so use the final URL as the token URL",
      );
      expect(server.requests.map((request) => request.url)).toEqual(["https://as.example/token"]);
      expect(server.requests[0]?.redirect).toBe("manual");
    });
  }
});
