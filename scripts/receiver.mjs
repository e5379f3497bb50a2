#!/usr/bin/env node
// A plain HTTP receiver for callouts, for local use, the end-to-end tests and the benchmark.
// Prints one JSON line per event on stdout:
//   {"event":"listening","url":"http://127.0.0.1:PORT"}
//   {"event":"request","n":1,"method":"POST","path":"/hook","headers":{…},"body":"…","status":200}
// Behaviour per request path prefix (so one receiver serves many tests):
//   /fail-N/...   answers 500 to the first N requests carrying the same Idempotency-Key, then 200
//   /unauth-once/ answers 401 (invalid_token) to the first request per Idempotency-Key
//   /status-CODE  answers CODE
//   anything else 200 {"received":true}
// Usage: node scripts/receiver.mjs [--port 0] [--quiet]  (--quiet: print only a count every 100)
import { createServer } from "node:http";

const args = process.argv.slice(2);
const portAt = args.indexOf("--port");
const port = portAt >= 0 ? Number(args[portAt + 1]) : 0;
const quiet = args.includes("--quiet");
const failures = new Map();
let n = 0;

const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    n += 1;
    const body = Buffer.concat(chunks).toString("utf8");
    const path = req.url ?? "/";
    let status = 200;
    const fail = /^\/fail-(\d+)\//.exec(path);
    const fixed = /^\/status-(\d{3})/.exec(path);
    const headers = { "content-type": "application/json" };
    if (fail) {
      const key = String(req.headers["idempotency-key"] ?? "");
      const seen = failures.get(key) ?? 0;
      failures.set(key, seen + 1);
      if (seen < Number(fail[1])) status = 500;
    } else if (path.startsWith("/unauth-once/")) {
      const key = `unauth:${String(req.headers["idempotency-key"] ?? "")}`;
      if (!failures.has(key)) {
        failures.set(key, 1);
        status = 401;
        headers["www-authenticate"] = 'Bearer error="invalid_token"';
      }
    } else if (fixed) {
      status = Number(fixed[1]);
    }
    res.writeHead(status, headers);
    res.end(JSON.stringify({ received: status < 400, n }));
    if (!quiet) {
      emit({ event: "request", n, method: req.method, path, headers: req.headers, body, status });
    } else if (n % 100 === 0) {
      emit({ event: "count", n });
    }
  });
});

server.listen(port, "127.0.0.1", () => {
  const address = server.address();
  emit({ event: "listening", url: `http://127.0.0.1:${address.port}` });
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    emit({ event: "count", n });
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 500).unref();
  });
}

function emit(event) {
  process.stdout.write(JSON.stringify(event) + "\n");
}
