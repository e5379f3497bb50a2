// The two benchmark phases that are not plain rps runs: 1,000 async callouts timed end to end,
// and the EndpointLog's storage after 1,000 and 10,000 hits (retention keeps the newest 1,000).
import { loadAmount } from "./load.mjs";
import { addRule, createEndpoint } from "./setup.mjs";
import { liveBytes, persistDirOf, settledBytes, watchNewEndpointLog } from "./storage.mjs";

const CALLOUTS = 1000;

/**
 * Fires 1,000 mock hits and times them until the receiver has got 1,000 callouts (it prints a
 * count every 100). `tokenGrants` counts successful grants at the OAuth server during the phase.
 */
export async function runCallouts({ fire, receiver, grants }) {
  const grantsBefore = grants();
  const started = performance.now();
  const sent = await fire();
  const sendSeconds = (performance.now() - started) / 1000;
  let arrived = null;
  try {
    await receiver.waitFor((e) => e.event === "count" && e.n >= CALLOUTS, 120_000);
    arrived = performance.now();
  } catch {
    // Reported below as a count short of 1,000 and no time.
  }
  const counts = receiver.events.filter((e) => e.event === "count").map((e) => e.n);
  return {
    count: Math.max(0, ...counts),
    seconds: arrived === null ? null : Math.round((arrived - started) / 10) / 100,
    tokenGrants: grants() - grantsBefore,
    hitsSent: sent.requests,
    hitsSeconds: Math.round(sendSeconds * 100) / 100,
    ...(Object.keys(sent.non2xx).length > 0 ? { hitsNon2xx: sent.non2xx } : {}),
  };
}

/** Requests the endpoint's history holds, paging through it as a client would. */
export async function countRequests(call, endpoint) {
  let count = 0;
  let before = "";
  for (;;) {
    const q = before ? `&before=${encodeURIComponent(before)}` : "";
    const page = await call(`/endpoints/${endpoint}/requests?limit=200${q}`);
    count += page.requests.length;
    if (!page.next) return count;
    before = page.next;
  }
}

async function newestMarker(call, endpoint) {
  const page = await call(`/endpoints/${endpoint}/requests?limit=1`);
  const query = page.requests[0]?.query ?? {};
  return typeof query.marker === "string" ? query.marker : null;
}

/**
 * Sends `amount - 1` hits, then one marked hit; once the marker is the newest record and the
 * database files have stopped changing, every hit has been recorded (and trimmed).
 */
async function hitAndSettle({ call, url, watch, amount, marker, connections }) {
  await loadAmount(url, { amount: amount - 1, connections });
  const res = await fetch(`${url}?marker=${marker}`);
  await res.text();
  const deadline = Date.now() + 60_000;
  while ((await newestMarker(call, "bench-log")) !== marker) {
    if (Date.now() > deadline) throw new Error(`the ${marker} marker never reached the history`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const fileBytes = await settledBytes(watch);
  return { liveBytes: liveBytes(watch), fileBytes };
}

export async function runRetention({ worker, call, connections }) {
  const watch = watchNewEndpointLog(persistDirOf(worker));
  await createEndpoint(call, "bench-log");
  await addRule(call, "bench-log", {
    match: { method: "GET", path: { op: "exact", value: "/ping" } },
    response: { status: 200, headers: { "content-type": "application/json" }, body: '{"ok":1}' },
  });
  const url = `${worker.url}/e/bench-log/ping`;
  const after1k = await hitAndSettle({ call, url, watch, amount: 1000, marker: "1k", connections });
  const historyAfter1k = await countRequests(call, "bench-log");
  const after10k = await hitAndSettle({
    call,
    url,
    watch,
    amount: 9000,
    marker: "10k",
    connections,
  });
  return { after1k, after10k, historyAfter1k, files: watch.files().length };
}
