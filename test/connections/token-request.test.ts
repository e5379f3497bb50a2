import { describe, it } from "vitest";
import { formUrlEncode, requestToken } from "../../src/connections/token-client";
import type { TokenRequestConfig } from "../../src/connections/token-client";
import { fakeFetch, formDecode, tokenJson } from "./fake-fetch";

const TOKEN_URL = "https://as.example/oauth2/token";
const VECTOR_ID = "client %&+-_.!~*'()";
const AWKWARD_SECRET = "s3:cr+e%t&é x:y==";

function config(overrides: Partial<TokenRequestConfig> = {}): TokenRequestConfig {
  return {
    tokenUrl: TOKEN_URL,
    clientId: VECTOR_ID,
    clientSecret: AWKWARD_SECRET,
    clientAuth: "client_secret_basic",
    additionalParams: {},
    ...overrides,
  };
}

describe("client_secret_basic (RFC 6749 §2.3.1, test 1)", () => {
  it("form-urlencodes the id exactly as the oauth4webapi vector", ({ expect }) => {
    expect(formUrlEncode(VECTOR_ID)).toBe("client+%25%26%2B%2D%5F%2E%21%7E%2A%27%28%29");
    expect(formUrlEncode("a:b")).toBe("a%3Ab");
    expect(formUrlEncode("é")).toBe("%C3%A9");
  });

  it("sends Basic base64(encoded id:encoded secret) whose halves decode back exactly", async ({
    expect,
  }) => {
    const server = fakeFetch(() => tokenJson());
    const outcome = await requestToken(config(), { fetch: server.fetch });
    expect(outcome.ok).toBe(true);
    const [request] = server.requests;
    const authorization = request?.headers.get("authorization") ?? "";
    expect(authorization).toMatch(/^Basic [A-Za-z0-9+/]+=*$/);
    const decoded = atob(authorization.slice("Basic ".length));
    expect(decoded).toBe(
      "client+%25%26%2B%2D%5F%2E%21%7E%2A%27%28%29:s3%3Acr%2Be%25t%26%C3%A9+x%3Ay%3D%3D",
    );
    // The only raw colon is the separator, so a colon inside id or secret cannot shift it.
    const [id, secret, ...rest] = decoded.split(":");
    expect(rest).toEqual([]);
    expect(formDecode(id ?? "")).toBe(VECTOR_ID);
    expect(formDecode(secret ?? "")).toBe(AWKWARD_SECRET);
  });

  it("sends only grant_type in the body when no parameters are configured", async ({ expect }) => {
    const server = fakeFetch(() => tokenJson());
    await requestToken(config(), { fetch: server.fetch });
    expect(server.requests[0]?.body).toBe("grant_type=client_credentials");
  });
});

describe("client_secret_post (test 2)", () => {
  it("puts the credentials in the form body and sends no Authorization header", async ({
    expect,
  }) => {
    const server = fakeFetch(() => tokenJson());
    await requestToken(config({ clientAuth: "client_secret_post" }), { fetch: server.fetch });
    const request = server.requests[0];
    expect(request?.method).toBe("POST");
    expect(request?.headers.get("authorization")).toBeNull();
    expect(request?.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
    expect(request?.headers.get("accept")).toBe("application/json");
    const form = new URLSearchParams(request?.body);
    expect(form.get("grant_type")).toBe("client_credentials");
    expect(form.get("client_id")).toBe(VECTOR_ID);
    expect(form.get("client_secret")).toBe(AWKWARD_SECRET);
  });

  it("keeps the credentials out of the URL in both modes", async ({ expect }) => {
    const server = fakeFetch(() => tokenJson());
    await requestToken(config({ clientAuth: "client_secret_post" }), { fetch: server.fetch });
    await requestToken(config(), { fetch: server.fetch });
    for (const request of server.requests) {
      expect(request.url).toBe(TOKEN_URL);
      expect(request.redirect).toBe("manual");
    }
  });
});

describe("additional parameters (test 3)", () => {
  it("sends them form-encoded with Basic authentication", async ({ expect }) => {
    const server = fakeFetch(() => tokenJson());
    await requestToken(config({ additionalParams: { scope: "a b", audience: "x" } }), {
      fetch: server.fetch,
    });
    expect(server.requests[0]?.body).toBe("grant_type=client_credentials&scope=a+b&audience=x");
  });

  it("sends them next to the credentials with body authentication", async ({ expect }) => {
    const server = fakeFetch(() => tokenJson());
    await requestToken(
      config({
        clientAuth: "client_secret_post",
        additionalParams: { scope: "a b", audience: "x" },
      }),
      { fetch: server.fetch },
    );
    const form = new URLSearchParams(server.requests[0]?.body);
    expect(form.get("scope")).toBe("a b");
    expect(form.get("audience")).toBe("x");
    expect(form.getAll("grant_type")).toEqual(["client_credentials"]);
  });
});

describe("token URL", () => {
  it("refuses a URL with user info or a non-http scheme without sending anything", async ({
    expect,
  }) => {
    const server = fakeFetch(() => tokenJson());
    for (const tokenUrl of ["https://user:pw@as.example/token", "ftp://as.example/t", "nope"]) {
      const outcome = await requestToken(config({ tokenUrl }), { fetch: server.fetch });
      expect(outcome).toMatchObject({ ok: false, kind: "permanent", code: "invalid_token_url" });
    }
    expect(server.requests).toHaveLength(0);
  });
});
