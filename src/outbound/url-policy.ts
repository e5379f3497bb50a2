/**
 * @module The SSRF guard for callouts and token requests (RELIABILITY §3 "SSRF", tests 29–30),
 * run when a URL is saved and again before each send. Pure: no I/O, so both paths share it.
 *
 * Note: a Worker cannot see DNS answers, so `https://public-name.example` that resolves to
 * 10.0.0.5 passes here. Only the platform can stop that: workerd's default `globalOutbound`
 * filters resolved addresses (and so DNS rebinding) on Cloudflare and self-hosted workerd, but
 * local miniflare / `wrangler dev` does not (RELIABILITY §4). This guard covers what app code
 * can see: the literal URL after WHATWG normalisation.
 *
 * Redirects are out of scope on purpose: every edgemock fetch uses `redirect: "manual"`, so a
 * public URL that answers 302 to a private one is never followed.
 */
import { blockedRange, parseIPv4, parseIPv6 } from "./ip";
import type { OutboundPolicy } from "./policy-env";
import { bareHostname, classifyOwnHost, privateNameRule } from "./url-hosts";

export { hostAllowed } from "./url-hosts";

/**
 * Null when the URL may be called; otherwise one sentence saying why not, naming the rule. The
 * sentence never repeats the URL: it may hold a secret in its userinfo or query.
 */
export function checkOutboundUrl(
  url: string,
  policy: OutboundPolicy,
  opts: { carriesCredential: boolean },
): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "URL rule: this is not an absolute URL such as https://api.example.com/path";
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    return `scheme rule: only http and https URLs are called, not ${parsed.protocol}`;
  }
  // RFC 6749 §2.3 / RFC 3986 §3.2.1: credentials never travel in the URI; they would also be
  // logged with the URL.
  if (parsed.username || parsed.password) {
    return "userinfo rule: the URL must not contain a user name or password (user:pass@host)";
  }
  // RFC 6749 §3.2 (token endpoint) and RFC 6750 §5.3 (bearer use) both require TLS.
  if (opts.carriesCredential && policy.mode === "deployment" && parsed.protocol !== "https:") {
    return "TLS rule: a request that carries a client secret or token must use https";
  }
  const own = classifyOwnHost(parsed, policy.ownHosts);
  if (own.kind === "endpoint") return null;
  if (own.kind === "self") {
    return (
      "loop rule: the URL points at edgemock itself but not at a mock endpoint " +
      "(NAME.<mock domain> or /e/NAME/...)"
    );
  }
  if (policy.mode === "local" || policy.allowPrivate) return null;
  return privateTargetReason(bareHostname(parsed));
}

/** Token endpoints always carry a credential (RFC 6749 §3.2 wants TLS). */
export function checkTokenUrl(url: string, policy: OutboundPolicy): string | null {
  return checkOutboundUrl(url, policy, { carriesCredential: true });
}

/**
 * True when the URL's host is edgemock itself and names a mock endpoint: `NAME.<MOCK_DOMAIN>` or
 * `<own host>/e/NAME/...`. The caller delivers such callouts inside the Worker, so a user can mock
 * a token endpoint on one endpoint and receive callouts on another. `path` is relative to the
 * endpoint and excludes the query, which the caller takes from the URL.
 */
export function internalTarget(
  url: string,
  policy: OutboundPolicy,
): { name: string; path: string } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return null;
  const own = classifyOwnHost(parsed, policy.ownHosts);
  return own.kind === "endpoint" ? { name: own.name, path: own.path } : null;
}

const OPT_IN = 'a deployment calls it only when ALLOW_PRIVATE_CALLOUTS is "true"';

function privateTargetReason(hostname: string): string | null {
  const ip = parseIPv4(hostname) ?? (hostname.startsWith("[") ? parseIPv6(hostname) : null);
  if (ip) {
    const hit = blockedRange(ip);
    return hit ? `private-address rule: ${hostname} is ${hit.rule} (${hit.cidr}); ${OPT_IN}` : null;
  }
  if (hostname.startsWith("[")) return `URL rule: ${hostname} is not a valid IPv6 address`;
  const rule = privateNameRule(hostname);
  return rule ? `private-name rule: ${hostname || "(empty)"} is ${rule}; ${OPT_IN}` : null;
}
