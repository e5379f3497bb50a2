#!/usr/bin/env node
// `npm run bench`: loads the Worker under `wrangler dev` (request logging off) on loopback with
// autocannon and compares it with its own ceiling (`/healthz`) and with Mockoon serving the same
// templated route, then times 1,000 async callouts and checks the EndpointLog's retention.
// Prints a table and writes bench/results.json. Settings: BENCH_SECONDS (per scenario, default
// 10, split over alternating rounds), BENCH_ROUNDS (5), BENCH_WARMUP (2 s), BENCH_CONNECTIONS (50).
import { writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { freePort, startProcess, startWorker } from "../scripts/lib/processes.mjs";
import { loadAmount, loadFor, problems, summarize } from "./load.mjs";
import { countRequests, runCallouts, runRetention } from "./phases.mjs";
import { setUpCallouts, setUpRules500, setUpStatic, setUpTemplated, signUp } from "./setup.mjs";
import { printTable, targetsOf } from "./report.mjs";

const here = new URL(".", import.meta.url).pathname;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const CLIENT = { clientId: "edgemock-bench", clientSecret: "bench-s3cret" };

const say = (line) => process.stderr.write(`${line}\n`);
const stops = [];

async function startMockoon() {
  const port = await freePort();
  const bin = join(here, "../node_modules/.bin/mockoon-cli");
  const args = ["start", "--data", join(here, "mockoon-env.json"), "--port", String(port)];
  // -X: no transaction log file (edgemock runs with request logging off too).
  args.push("--hostname", "127.0.0.1", "-X", "--disable-admin-api");
  const proc = startProcess(bin, args, { name: "mockoon" });
  stops.push(proc);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const res = await fetch(`${url}/e/bench-mockoon/orders/1`);
      if (res.ok) return { proc, url };
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`mockoon did not start:\n${proc.output.join("\n")}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The receiver in quiet mode (a count every 100 requests). Started with an explicit `--port 0`:
 * scripts/receiver.mjs reads the word after "--port" and, without one, takes "--quiet" for it.
 */
async function startQuietReceiver() {
  const proc = startProcess(process.execPath, ["scripts/receiver.mjs", "--port", "0", "--quiet"], {
    name: "receiver",
  });
  const ready = await proc.waitFor((e) => e.event === "listening");
  return { ...proc, url: ready.url };
}

/** One OK answer with the expected body first: a benchmark of error pages would be worthless. */
async function check(name, url, expect) {
  const res = await fetch(url);
  const text = await res.text();
  if (res.status !== 200 || !expect(text)) {
    throw new Error(`${name}: ${url} answered ${res.status} ${text.slice(0, 300)}`);
  }
}

async function main() {
  const startedAt = Date.now();
  const machine = {
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
  say(`machine: ${JSON.stringify(machine)}`);

  // The OAuth server's port is fixed before it runs, so the connection is created while
  // nothing listens there: its save-time token test fails (not a grant) and caches nothing, and
  // the callouts start with a cold token cache. Every grant counted below is theirs.
  const oauthPort = await freePort();
  const receiver = await startQuietReceiver();
  stops.push(receiver);
  say("starting wrangler dev (log level warn) ...");
  const worker = await startWorker({ logLevel: "warn", echo: process.env.BENCH_ECHO === "1" });
  stops.push(worker);
  const mockoon = await startMockoon();

  const call = await signUp(worker.url);
  say("setting up endpoints and rules through the API (500 rules take a while) ...");
  const staticPath = await setUpStatic(call, "bench-static");
  const templatedPath = await setUpTemplated(call, "bench-templated");
  const rulesPath = await setUpRules500(call, "bench-rules500");
  const callouts = await setUpCallouts(call, "bench-callouts", {
    tokenUrl: `http://127.0.0.1:${oauthPort}/token`,
    ...CLIENT,
    receiverUrl: receiver.url,
  });
  const oauthArgs = ["scripts/oauth-server.mjs", "--port", String(oauthPort)];
  oauthArgs.push("--client-id", CLIENT.clientId, "--client-secret", CLIENT.clientSecret);
  const oauth = startProcess(process.execPath, oauthArgs, { name: "oauth" });
  stops.push(oauth);
  await oauth.waitFor((e) => e.event === "listening");

  const mock = (name, path) => `${worker.url}/e/${name}${path}`;
  const scenarios = [
    { name: "raw", url: `${worker.url}/healthz`, expect: (t) => t === "ok" },
    { name: "static", url: mock("bench-static", staticPath), expect: (t) => t.includes('"ok"') },
    {
      name: "templated",
      url: mock("bench-templated", templatedPath),
      expect: (t) => JSON.parse(t).id === "42" && JSON.parse(t).customer.length > 0,
    },
    {
      name: "mockoonTemplated",
      url: `${mockoon.url}/e/bench-mockoon/orders/42`,
      expect: (t) => JSON.parse(t).id === "42" && JSON.parse(t).customer.length > 0,
    },
    { name: "rules500", url: mock("bench-rules500", rulesPath), expect: (t) => t.includes('"ok"') },
  ];
  for (const s of scenarios) await check(s.name, s.url, s.expect);

  for (const s of scenarios) {
    say(`warm-up ${s.name} (${WARMUP} s)`);
    await loadFor(s.url, { seconds: WARMUP, connections: CONNECTIONS });
  }
  // Rounds alternate the order, and templated always runs right next to Mockoon, so drift in
  // what else the machine is doing falls on every scenario alike.
  const rounds = Object.fromEntries(scenarios.map((s) => [s.name, []]));
  const perRound = Math.max(1, Math.round(SECONDS / ROUNDS));
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? scenarios : [...scenarios].reverse();
    for (const s of order) {
      say(`round ${r + 1}/${ROUNDS}: ${s.name} (${perRound} s)`);
      rounds[s.name].push(await loadFor(s.url, { seconds: perRound, connections: CONNECTIONS }));
    }
  }
  const results = {};
  const issues = {};
  for (const s of scenarios) {
    results[s.name] = summarize(rounds[s.name]);
    const bad = problems(rounds[s.name]);
    if (bad) issues[s.name] = bad;
  }

  say("callouts: 1,000 mock hits, each with an async callout ...");
  results.callouts = await runCallouts({
    fire: () =>
      loadAmount(mock("bench-callouts", callouts.path), { amount: 1000, connections: CONNECTIONS }),
    receiver,
    grants: () => oauth.events.filter((e) => e.event === "grant" && e.ok).length,
  });

  say("retention: EndpointLog storage after 1,000 and after 10,000 hits ...");
  const retention = await runRetention({ worker, call, connections: CONNECTIONS });
  // The database's live pages (see bench/storage.mjs); the files on disk, WAL included, beside.
  results.endpointLogBytesAfter10k = retention.after10k.liveBytes;
  results.endpointLogBytesAfter1k = retention.after1k.liveBytes;
  results.endpointLogFileBytes = {
    after1k: retention.after1k.fileBytes,
    after10k: retention.after10k.fileBytes,
  };
  results.historyCountAfter10k = await countRequests(call, "bench-log");

  results.machine = machine;
  results.settings = { seconds: SECONDS, rounds: ROUNDS, warmup: WARMUP, connections: CONNECTIONS };
  results.workerOutputLines = worker.output.length;
  if (Object.keys(issues).length > 0) results.issues = issues;
  results.loadAverageAtEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
  results.runSeconds = Math.round((Date.now() - startedAt) / 1000);
  results.at = new Date().toISOString();

  writeFileSync(join(here, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  printTable(results, targetsOf(results));
  say("wrote bench/results.json");
}

try {
  await main();
} catch (err) {
  process.exitCode = 1;
  for (const proc of stops) {
    const tail = proc.output.slice(-30).join("\n");
    if (tail) say(`--- last output of ${proc.child.spawnargs.slice(1, 2).join(" ")}:\n${tail}`);
  }
  say(err instanceof Error ? (err.stack ?? err.message) : String(err));
} finally {
  for (const proc of stops.reverse()) await proc.stop();
}
