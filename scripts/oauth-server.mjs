#!/usr/bin/env node
// A real OAuth 2.0 authorization server for local use, the end-to-end tests, the browser test and
// the benchmark: oauth2-mock-server, plus a check of the client's credentials (it issues tokens to
// anyone otherwise). Prints one JSON line per event on stdout:
//   {"event":"listening","tokenUrl":"http://127.0.0.1:PORT/token"}
//   {"event":"grant","clientId":"…","ok":true|false}
// Usage: node scripts/oauth-server.mjs [--port 0] [--client-id edgemock] [--client-secret s3cret]
import { OAuth2Server } from "oauth2-mock-server";

const args = parseArgs(process.argv.slice(2));
const port = Number(args.port ?? 0);
const clientId = args["client-id"] ?? "edgemock";
const clientSecret = args["client-secret"] ?? "s3cret";

const server = new OAuth2Server();
await server.issuer.keys.generate("RS256");

server.service.on("beforeResponse", (response, req) => {
  const presented = credentialsOf(req);
  const ok = presented !== null && presented.id === clientId && presented.secret === clientSecret;
  if (!ok) {
    response.statusCode = 401;
    response.body = { error: "invalid_client", error_description: "client authentication failed" };
  }
  emit({ event: "grant", clientId: presented?.id ?? null, ok });
});

await server.start(port, "127.0.0.1");
const address = server.address();
emit({ event: "listening", tokenUrl: `http://127.0.0.1:${address.port}/token` });

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    void server.stop().finally(() => process.exit(0));
  });
}

/** client_secret_basic (RFC 6749 §2.3.1: form-urlencoded halves) or client_secret_post. */
function credentialsOf(req) {
  const header = req.headers.authorization ?? "";
  const match = /^Basic\s+(\S+)$/i.exec(header);
  if (match) {
    const decoded = Buffer.from(match[1], "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return null;
    const unform = (s) => decodeURIComponent(s.replace(/\+/g, " "));
    return { id: unform(decoded.slice(0, colon)), secret: unform(decoded.slice(colon + 1)) };
  }
  const body = req.body ?? {};
  if (typeof body.client_id === "string" && typeof body.client_secret === "string") {
    return { id: body.client_id, secret: body.client_secret };
  }
  return null;
}

function emit(event) {
  process.stdout.write(JSON.stringify(event) + "\n");
}

function parseArgs(list) {
  const out = {};
  for (let i = 0; i < list.length; i += 2) out[list[i].replace(/^--/, "")] = list[i + 1];
  return out;
}
