/**
 * @module CORS for mock URLs, so a browser app under development can call a mock directly.
 * Mocks are public by design and hold no secrets, so any origin may read them; a rule that sets
 * its own Access-Control-* headers wins.
 */
export function isPreflight(req: Request): boolean {
  return req.method === "OPTIONS" && req.headers.has("access-control-request-method");
}

export function preflightResponse(req: Request): Response {
  const headers = new Headers({
    "access-control-allow-origin": req.headers.get("origin") ?? "*",
    "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS",
    "access-control-allow-headers": req.headers.get("access-control-request-headers") ?? "*",
    "access-control-max-age": "600",
    vary: "Origin",
  });
  if (req.headers.has("origin")) headers.set("access-control-allow-credentials", "true");
  return new Response(null, { status: 204, headers });
}

export function addCors(headers: Headers, req: Request): void {
  if (headers.has("access-control-allow-origin")) return;
  const origin = req.headers.get("origin");
  headers.set("access-control-allow-origin", origin ?? "*");
  headers.set("access-control-expose-headers", "*");
  if (origin) {
    headers.set("access-control-allow-credentials", "true");
    headers.append("vary", "Origin");
  }
}
