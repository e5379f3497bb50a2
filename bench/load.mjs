// Load generation for the benchmark: autocannon on loopback, bounded in time (or in requests),
// with every response's latency kept so rounds of one scenario can be merged into one set of
// percentiles (autocannon's own summary cannot be merged across runs).
import autocannon from "autocannon";

/**
 * Loads `url` for `seconds` with `connections` keep-alive connections. Returns the raw
 * material of a round: completed requests, wall time, latencies (ms), and what went wrong.
 */
export async function loadFor(url, { seconds, connections }) {
  return run({ url, connections, duration: seconds });
}

/** Sends exactly `amount` requests (spread over `connections`); for setup and callouts. */
export async function loadAmount(url, { amount, connections }) {
  return run({ url, connections, amount });
}

async function run(opts) {
  const latencies = [];
  const statuses = new Map();
  const started = process.hrtime.bigint();
  const instance = autocannon({ ...opts, pipelining: 1, timeout: 30 });
  instance.on("response", (_client, statusCode, _bytes, responseTime) => {
    latencies.push(responseTime);
    statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
  });
  const result = await instance;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const non2xx = [...statuses].filter(([code]) => code < 200 || code > 299);
  return {
    requests: latencies.length,
    seconds,
    latencies,
    non2xx: Object.fromEntries(non2xx),
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** rps over all rounds (requests / seconds) and p50/p99 over every response of every round. */
export function summarize(rounds) {
  const requests = rounds.reduce((n, r) => n + r.requests, 0);
  const seconds = rounds.reduce((s, r) => s + r.seconds, 0);
  const all = new Float64Array(requests);
  let i = 0;
  for (const r of rounds) for (const ms of r.latencies) all[i++] = ms;
  all.sort();
  const pct = (p) =>
    all.length === 0 ? NaN : all[Math.min(all.length - 1, Math.floor(p * all.length))];
  return {
    rps: Math.round(requests / seconds),
    p50: round2(pct(0.5)),
    p99: round2(pct(0.99)),
  };
}

/** Anything but 2xx, errors and timeouts over the rounds, or null when all went well. */
export function problems(rounds) {
  const out = { non2xx: {}, errors: 0, timeouts: 0 };
  for (const r of rounds) {
    for (const [code, n] of Object.entries(r.non2xx))
      out.non2xx[code] = (out.non2xx[code] ?? 0) + n;
    out.errors += r.errors;
    out.timeouts += r.timeouts;
  }
  const bad = Object.keys(out.non2xx).length > 0 || out.errors > 0 || out.timeouts > 0;
  return bad ? out : null;
}

function round2(x) {
  return Math.round(x * 100) / 100;
}
