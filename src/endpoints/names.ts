/** @module Endpoint names double as DNS labels (`NAME.<MOCK_DOMAIN>`), hence RFC 1035 rules. */
export const ENDPOINT_NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]{1,61})[a-z0-9]$/;

export const ENDPOINT_NAME_RULE =
  "3–63 characters of a-z, 0-9 and '-', not starting or ending with '-'";

/** Mock URLs of an endpoint: path style on the API's own origin, and host style. */
export function endpointUrls(name: string, origin: string, mockDomain: string): string[] {
  const scheme = origin.startsWith("https:") ? "https" : "http";
  const urls = [`${origin}/e/${name}`];
  if (mockDomain) urls.push(`${scheme}://${name}.${mockDomain}`);
  return urls;
}
