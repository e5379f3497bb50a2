// Starts and stops the processes that end-to-end tests, the browser test and the benchmark need:
// the Worker under `wrangler dev`, the OAuth server and the receiver. Everything binds to
// 127.0.0.1 on free ports. Each child leads its own process group, and stop() signals the whole
// group: killing only the npx/wrangler wrapper would leave workerd running.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

const root = new URL("../..", import.meta.url).pathname;
const running = new Set();

process.once("exit", () => {
  for (const child of running) killGroup(child, "SIGKILL");
});

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * Spawns a process in its own group. `events` collects the JSON lines it prints; `output` keeps
 * every line of stdout and stderr (tests search it for leaked secrets).
 */
export function startProcess(command, args, options = {}) {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...options.env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  const proc = {
    child,
    pid: child.pid,
    events: [],
    output: [],
    listeners: new Set(),
    exited: new Promise((resolve) =>
      child.once("exit", (code, signal) => resolve({ code, signal })),
    ),
    async stop() {
      if (!running.has(child)) return;
      killGroup(child, "SIGTERM");
      const timer = setTimeout(() => killGroup(child, "SIGKILL"), 5000);
      await proc.exited;
      clearTimeout(timer);
      // Children that ignored SIGTERM (workerd) go now, whatever the leader did.
      killGroup(child, "SIGKILL");
      running.delete(child);
    },
    /** Resolves with the first JSON event that satisfies `test`, or rejects after `ms`. */
    waitFor(test, ms = 30_000) {
      const seen = proc.events.find(test);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          proc.listeners.delete(listener);
          reject(
            new Error(`${command}: timed out waiting for an event\n${proc.output.join("\n")}`),
          );
        }, ms);
        const listener = (event) => {
          if (!test(event)) return;
          clearTimeout(timer);
          proc.listeners.delete(listener);
          resolve(event);
        };
        proc.listeners.add(listener);
      });
    },
  };
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on("line", (line) => {
      proc.output.push(line);
      if (options.echo) process.stderr.write(`[${options.name ?? command}] ${line}\n`);
      if (!line.startsWith("{")) return;
      try {
        const event = JSON.parse(line);
        proc.events.push(event);
        for (const listener of proc.listeners) listener(event);
      } catch {
        // Not a JSON line.
      }
    });
  }
  return proc;
}

export async function startOAuthServer({ clientId = "edgemock", clientSecret = "s3cret" } = {}) {
  const proc = startProcess(
    process.execPath,
    ["scripts/oauth-server.mjs", "--client-id", clientId, "--client-secret", clientSecret],
    { name: "oauth" },
  );
  const ready = await proc.waitFor((e) => e.event === "listening");
  return {
    ...proc,
    tokenUrl: ready.tokenUrl,
    clientId,
    clientSecret,
    grants: () => proc.events.filter((e) => e.event === "grant" && e.ok).length,
  };
}

export async function startReceiver({ quiet = false } = {}) {
  const proc = startProcess(
    process.execPath,
    ["scripts/receiver.mjs", ...(quiet ? ["--quiet"] : [])],
    { name: "receiver" },
  );
  const ready = await proc.waitFor((e) => e.event === "listening");
  return {
    ...proc,
    url: ready.url,
    requests: () => proc.events.filter((e) => e.event === "request"),
  };
}

/**
 * Runs the Worker with `wrangler dev` on a free port with its own local state (D1 migrated
 * first), in local mode with a fresh keyring. Returns its base URL.
 */
export async function startWorker({ vars = {}, logLevel = "log", echo = false } = {}) {
  const port = await freePort();
  const inspectorPort = await freePort();
  const persist = mkdtempSync(join(tmpdir(), "edgemock-e2e-"));
  const wrangler = join(root, "node_modules/.bin/wrangler");
  const migrate = spawnSync(
    wrangler,
    ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persist],
    { cwd: root, env: { ...process.env, CI: "true" }, encoding: "utf8" },
  );
  if (migrate.status !== 0) throw new Error(`migrations failed:\n${migrate.stderr}`);
  const allVars = {
    EDGEMOCK_ENV: "local",
    MOCK_DOMAIN: `localhost:${port}`,
    ENCRYPTION_KEYS: `e2e:${randomBytes(32).toString("base64")}`,
    SIGNUP_TOKEN: "",
    ...vars,
  };
  const args = ["dev", "--ip", "127.0.0.1", "--port", String(port)];
  args.push("--inspector-port", String(inspectorPort), "--persist-to", persist);
  args.push("--log-level", logLevel, "--show-interactive-dev-session=false");
  for (const [k, v] of Object.entries(allVars)) args.push("--var", `${k}:${v}`);
  const proc = startProcess(wrangler, args, { name: "worker", echo, env: { CI: "true" } });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      const res = await fetch(`${url}/api/v1/openapi.json`);
      if (res.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await proc.stop();
      throw new Error(`wrangler dev did not start:\n${proc.output.join("\n")}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const stop = proc.stop;
  return {
    ...proc,
    url,
    port,
    vars: allVars,
    async stop() {
      await stop();
      rmSync(persist, { recursive: true, force: true });
    },
  };
}
