/**
 * @module The outbound URL policy a Worker runs under, read from its vars (wrangler.toml):
 * `EDGEMOCK_ENV`, `ALLOW_PRIVATE_CALLOUTS` and `MOCK_DOMAIN`. Anything but an explicit "local"
 * is a deployment, so a missing or misspelt var fails closed.
 */

export interface OutboundPolicy {
  /** "local" lets `npm run dev` and the tests reach loopback token servers and receivers. */
  mode: "local" | "deployment";
  /** A deployment that reaches a private network on purpose (e.g. a Workers VPC binding). */
  allowPrivate: boolean;
  /**
   * Hosts that are edgemock itself, as `host[:port]`; `*.host[:port]` stands for the endpoint
   * subdomains `NAME.<MOCK_DOMAIN>`. Without a port any port matches.
   */
  ownHosts: string[];
}

/** `ownHost` is the current request's host (the Host header), when there is a request. */
export function policyFor(env: Env, ownHost?: string): OutboundPolicy {
  const ownHosts: string[] = [];
  const domain = normalise(env.MOCK_DOMAIN);
  if (domain) ownHosts.push(domain, `*.${domain}`);
  const requestHost = normalise(ownHost);
  if (requestHost && !ownHosts.includes(requestHost)) ownHosts.push(requestHost);
  return {
    mode: env.EDGEMOCK_ENV === "local" ? "local" : "deployment",
    allowPrivate: env.ALLOW_PRIVATE_CALLOUTS === "true",
    ownHosts,
  };
}

function normalise(host: string | undefined): string {
  return (host ?? "").trim().toLowerCase().replace(/\.+$/, "");
}
