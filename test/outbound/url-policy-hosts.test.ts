import { env } from "cloudflare:workers";
import { describe, it } from "vitest";
import { policyFor } from "../../src/outbound/policy-env";
import { checkOutboundUrl, hostAllowed, internalTarget } from "../../src/outbound/url-policy";

function envWith(
  vars: Partial<Record<"MOCK_DOMAIN" | "EDGEMOCK_ENV" | "ALLOW_PRIVATE_CALLOUTS", string>>,
): Env {
  return { ...env, ...vars };
}

const NO_CREDENTIAL = { carriesCredential: false };

describe("policyFor", () => {
  it("is local only when EDGEMOCK_ENV is exactly local", ({ expect }) => {
    expect(policyFor(envWith({ EDGEMOCK_ENV: "local" })).mode).toBe("local");
    for (const value of ["deployment", "", "Local", "dev"]) {
      expect(policyFor(envWith({ EDGEMOCK_ENV: value })).mode).toBe("deployment");
    }
  });

  it("allows private targets only when ALLOW_PRIVATE_CALLOUTS is exactly true", ({ expect }) => {
    expect(policyFor(envWith({ ALLOW_PRIVATE_CALLOUTS: "true" })).allowPrivate).toBe(true);
    for (const value of ["false", "", "TRUE", "1"]) {
      expect(policyFor(envWith({ ALLOW_PRIVATE_CALLOUTS: value })).allowPrivate).toBe(false);
    }
  });

  it("lists the mock domain, its subdomains and the request host as edgemock", ({ expect }) => {
    const policy = policyFor(envWith({ MOCK_DOMAIN: "Mock.Example.Dev" }), "EdgeMock.workers.dev");
    expect(policy.ownHosts).toEqual([
      "mock.example.dev",
      "*.mock.example.dev",
      "edgemock.workers.dev",
    ]);
  });
});

describe("internalTarget", () => {
  const deployment = policyFor(
    envWith({ EDGEMOCK_ENV: "deployment", MOCK_DOMAIN: "mock.example.dev" }),
    "edgemock.example.workers.dev",
  );
  const local = policyFor(envWith({ EDGEMOCK_ENV: "local", MOCK_DOMAIN: "localhost:8787" }));

  it("recognises NAME.<MOCK_DOMAIN> on any port when the domain has none", ({ expect }) => {
    expect(internalTarget("https://orders.mock.example.dev/token?x=1", deployment)).toEqual({
      name: "orders",
      path: "/token",
    });
    expect(internalTarget("https://ORDERS.Mock.Example.Dev.:8443/", deployment)).toEqual({
      name: "orders",
      path: "/",
    });
  });

  it("recognises /e/NAME/... on the mock domain and on the request host", ({ expect }) => {
    expect(internalTarget("https://mock.example.dev/e/orders/v1/token", deployment)).toEqual({
      name: "orders",
      path: "/v1/token",
    });
    expect(internalTarget("https://edgemock.example.workers.dev/e/Hooks", deployment)).toEqual({
      name: "hooks",
      path: "/",
    });
  });

  it("recognises both styles on localhost:8787 in local development", ({ expect }) => {
    expect(internalTarget("http://localhost:8787/e/orders/x", local)).toEqual({
      name: "orders",
      path: "/x",
    });
    expect(internalTarget("http://orders.localhost:8787/x", local)).toEqual({
      name: "orders",
      path: "/x",
    });
  });

  it("returns null for a foreign host, another port, or /e/ on a foreign host", ({ expect }) => {
    expect(internalTarget("https://api.example.com/e/orders/x", deployment)).toBeNull();
    expect(internalTarget("https://mock.example.dev.evil.com/e/orders", deployment)).toBeNull();
    expect(internalTarget("https://evilmock.example.dev/x", deployment)).toBeNull();
    expect(internalTarget("http://orders.localhost:9999/x", local)).toBeNull();
    expect(internalTarget("http://localhost:9000/e/orders/x", local)).toBeNull();
  });

  it("lets a deployment call its own mock endpoints even with a loopback mock domain", ({
    expect,
  }) => {
    const policy = policyFor(
      envWith({ EDGEMOCK_ENV: "deployment", MOCK_DOMAIN: "localhost:8787" }),
    );
    expect(checkOutboundUrl("http://orders.localhost:8787/x", policy, NO_CREDENTIAL)).toBeNull();
    expect(checkOutboundUrl("http://localhost:9000/x", policy, NO_CREDENTIAL)).toMatch(
      /^private-name rule/,
    );
    expect(checkOutboundUrl("https://orders.mock.example.dev/x", deployment, NO_CREDENTIAL)).toBe(
      null,
    );
  });

  it("refuses edgemock's own host when the URL names no endpoint (loop)", ({ expect }) => {
    for (const url of [
      "https://edgemock.example.workers.dev/api/v1/connections",
      "https://mock.example.dev/",
      "https://a.b.mock.example.dev/x",
    ]) {
      expect(internalTarget(url, deployment)).toBeNull();
      expect(checkOutboundUrl(url, deployment, NO_CREDENTIAL)).toMatch(/^loop rule/);
    }
    expect(checkOutboundUrl("http://localhost:8787/admin/", local, NO_CREDENTIAL)).toMatch(
      /^loop rule/,
    );
  });
});

describe("hostAllowed", () => {
  const partner = ["api.partner.com"];

  it("admits any host when the connection has no list", ({ expect }) => {
    expect(hostAllowed("https://anything.example/x", null)).toBe(true);
  });

  it("matches the host exactly, ignoring case, trailing dot and port", ({ expect }) => {
    expect(hostAllowed("https://api.partner.com/v1", partner)).toBe(true);
    expect(hostAllowed("https://API.Partner.COM./v1", partner)).toBe(true);
    expect(hostAllowed("https://api.partner.com:8443/v1", partner)).toBe(true);
    expect(hostAllowed("https://api.partner.com/v1", ["API.PARTNER.COM"])).toBe(true);
  });

  it("refuses other hosts, subdomains and look-alikes (test 30)", ({ expect }) => {
    for (const url of [
      "https://attacker.example/hook",
      "https://evil.api.partner.com/v1",
      "https://api.partner.com.evil.com/v1",
      "https://api.partner.com@evil.com/v1",
      "https://api.partner.com:443@evil.com/v1",
      "https://evil.com/?h=api.partner.com",
      "https://evil.com/#api.partner.com",
      "https://partner.com/v1",
      "not a url",
    ]) {
      expect(hostAllowed(url, partner)).toBe(false);
    }
  });

  it("holds an entry with a port to that port only", ({ expect }) => {
    expect(hostAllowed("https://api.partner.com:8443/", ["api.partner.com:8443"])).toBe(true);
    expect(hostAllowed("https://api.partner.com/", ["api.partner.com:8443"])).toBe(false);
    expect(hostAllowed("https://api.partner.com/", ["api.partner.com:443"])).toBe(true);
  });

  it("admits nothing when the list is empty", ({ expect }) => {
    expect(hostAllowed("https://api.partner.com/", [])).toBe(false);
  });
});
