/**
 * @module Host matching for outbound URLs: which hosts are edgemock itself (so a callout is
 * delivered inside the Worker), which names only resolve on a private network, and the
 * per-connection allow-list (RELIABILITY test 30). Every comparison runs on `new URL()` output,
 * so case, IDNA, trailing dots and userinfo cannot disguise a host.
 */

/** `host[:port]`, or `*.host[:port]` for "any single subdomain", lower-cased. */
interface HostPattern {
  hostname: string;
  /** Set only when the entry names a port; then the URL's effective port must equal it. */
  port: string | null;
  wildcard: boolean;
}

/** What a URL is relative to edgemock: not edgemock, a mock endpoint, or edgemock's own API. */
export type OwnTarget =
  { kind: "foreign" } | { kind: "endpoint"; name: string; path: string } | { kind: "self" };

/** DNS treats `example.com.` and `example.com` as one name; WHATWG keeps the dot. */
export function bareHostname(url: URL): string {
  return url.hostname.replace(/\.+$/, "");
}

function effectivePort(url: URL): string {
  return url.port || (url.protocol === "https:" ? "443" : "80");
}

function parseHostPattern(entry: string, allowWildcard: boolean): HostPattern | null {
  let text = entry.trim().toLowerCase();
  const wildcard = allowWildcard && text.startsWith("*.");
  if (wildcard) text = text.slice(2);
  let parsed: URL;
  try {
    parsed = new URL(`http://${text}`);
  } catch {
    return null;
  }
  // Anything beyond host[:port] (a path, `user@`) means the entry is not a host at all.
  if (parsed.username || parsed.password || parsed.pathname !== "/" || parsed.search) return null;
  if (parsed.hash) return null;
  // WHATWG drops ":80" for http, so read an explicit port from the text itself.
  const portMatch = /:(\d+)$/.exec(text);
  const port = portMatch?.[1] === undefined ? null : String(Number(portMatch[1]));
  return { hostname: bareHostname(parsed), port, wildcard };
}

function portMatches(url: URL, pattern: HostPattern): boolean {
  return pattern.port === null || effectivePort(url) === pattern.port;
}

/** Mirrors the Worker's own routing (src/mock/resolve.ts): `/e/NAME/rest`. */
function pathStyleTarget(url: URL): OwnTarget {
  const match = /^\/e\/([^/]+)(\/.*)?$/.exec(url.pathname);
  if (!match?.[1]) return { kind: "self" };
  try {
    const name = decodeURIComponent(match[1]).toLowerCase();
    return { kind: "endpoint", name, path: match[2] ?? "/" };
  } catch {
    return { kind: "self" };
  }
}

/**
 * Host style wins over path style, as in the Worker's router: `a.<MOCK_DOMAIN>/e/b` is endpoint a.
 * A deeper subdomain (`x.a.<MOCK_DOMAIN>`) is still edgemock's domain but no endpoint.
 */
export function classifyOwnHost(url: URL, ownHosts: readonly string[]): OwnTarget {
  const hostname = bareHostname(url);
  const patterns = ownHosts
    .map((h) => parseHostPattern(h, true))
    .filter((p): p is HostPattern => p !== null && portMatches(url, p));
  for (const p of patterns) {
    if (!p.wildcard || !hostname.endsWith(`.${p.hostname}`)) continue;
    const label = hostname.slice(0, -p.hostname.length - 1);
    if (label.includes(".")) return { kind: "self" };
    return { kind: "endpoint", name: label, path: url.pathname };
  }
  const exact = patterns.some((p) => !p.wildcard && hostname === p.hostname);
  return exact ? pathStyleTarget(url) : { kind: "foreign" };
}

/**
 * Names that only mean something on a private network or the machine itself. Returns the rule
 * that matched, or null for an ordinary public name.
 */
export function privateNameRule(hostname: string): string | null {
  if (hostname === "localhost" || hostname.endsWith(".localhost")) {
    return "a localhost name (RFC 6761 §6.3)";
  }
  if (hostname.endsWith(".local")) return "a multicast DNS .local name (RFC 6762)";
  if (hostname.endsWith(".internal")) return "an .internal private-use name";
  if (hostname.endsWith(".home.arpa")) return "a home-network .home.arpa name (RFC 8375)";
  if (!hostname.includes(".")) return "a single-label name, resolved by a local search domain";
  return null;
}

/**
 * RELIABILITY test 30 (RFC 9700 §4.9.1): a token goes only to the hosts its connection names.
 * Exact names only: `api.partner.com` does not admit `evil.api.partner.com`. An entry without a
 * port admits any port of that host; an entry with one admits only that port.
 */
export function hostAllowed(url: string, allowedHosts: readonly string[] | null): boolean {
  if (allowedHosts === null) return true;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const hostname = bareHostname(parsed);
  return allowedHosts.some((entry) => {
    const p = parseHostPattern(entry, false);
    return p !== null && p.hostname === hostname && portMatches(parsed, p);
  });
}
