/**
 * @module Which endpoint a request is for: `NAME.<MOCK_DOMAIN>` (host style) or `/e/NAME/...`
 * (path style, on any host). Returns the path relative to the endpoint.
 */
export interface MockTarget {
  name: string;
  path: string;
}

export function resolveMockTarget(url: URL, host: string, mockDomain: string): MockTarget | null {
  const domain = mockDomain.toLowerCase();
  const h = host.toLowerCase();
  if (domain && h.endsWith(`.${domain}`)) {
    const name = h.slice(0, -domain.length - 1);
    if (name && !name.includes(".")) return { name, path: url.pathname };
  }
  const match = /^\/e\/([^/]+)(\/.*)?$/.exec(url.pathname);
  if (!match?.[1]) return null;
  return { name: decodeURIComponent(match[1]).toLowerCase(), path: match[2] ?? "/" };
}
