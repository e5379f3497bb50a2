// The benchmark's table and its targets (issue 6), all as ratios within one run.

/** Each target with the measured value and whether it holds. */
export function targetsOf(r) {
  const ratio = (a, b) => (a && b ? a.rps / b.rps : NaN);
  const c = r.callouts;
  return [
    {
      what: "static ≥ 0.9 × raw",
      value: ratio(r.static, r.raw),
      ok: ratio(r.static, r.raw) >= 0.9,
    },
    {
      what: "templated ≥ 0.85 × raw",
      value: ratio(r.templated, r.raw),
      ok: ratio(r.templated, r.raw) >= 0.85,
    },
    {
      what: "templated ≥ 1.2 × mockoonTemplated",
      value: ratio(r.templated, r.mockoonTemplated),
      ok: ratio(r.templated, r.mockoonTemplated) >= 1.2,
    },
    {
      what: "rules500 ≥ 0.8 × raw",
      value: ratio(r.rules500, r.raw),
      ok: ratio(r.rules500, r.raw) >= 0.8,
    },
    {
      what: "1,000 callouts in ≤ 20 s, one token grant",
      value: `${c.count} in ${c.seconds ?? "—"} s, ${c.tokenGrants} grant(s)`,
      ok: c.count >= 1000 && c.seconds !== null && c.seconds <= 20 && c.tokenGrants === 1,
    },
    {
      what: "EndpointLog bytes after 10k ≤ after 1k",
      value: `${r.endpointLogBytesAfter10k} vs ${r.endpointLogBytesAfter1k}`,
      ok:
        typeof r.endpointLogBytesAfter10k === "number" &&
        r.endpointLogBytesAfter10k <= r.endpointLogBytesAfter1k,
    },
  ];
}

function fmt(x, digits = 2) {
  return typeof x === "number" && Number.isFinite(x) ? x.toFixed(digits) : String(x);
}

/** Markdown, so the README's Performance section can take it as it is. */
export function printTable(r, targets) {
  const lines = [
    "| scenario | rps | p50 ms | p99 ms | × raw | × Mockoon |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const name of ["raw", "static", "templated", "rules500", "mockoonTemplated"]) {
    const s = r[name];
    lines.push(
      `| ${name} | ${s.rps} | ${fmt(s.p50)} | ${fmt(s.p99)} | ${fmt(s.rps / r.raw.rps)} | ` +
        `${fmt(s.rps / r.mockoonTemplated.rps)} |`,
    );
  }
  const c = r.callouts;
  lines.push("");
  lines.push(
    `callouts: ${c.count} delivered in ${c.seconds ?? "—"} s ` +
      `(the 1,000 hits took ${c.hitsSeconds} s), token grants: ${c.tokenGrants}`,
  );
  lines.push(
    `EndpointLog storage: ${r.endpointLogBytesAfter1k} bytes after 1,000 hits, ` +
      `${r.endpointLogBytesAfter10k} after 10,000 (history holds ${r.historyCountAfter10k}); ` +
      `files with WAL: ${r.endpointLogFileBytes.after1k} and ${r.endpointLogFileBytes.after10k}`,
  );
  lines.push("");
  lines.push("| target | measured | holds |", "| --- | --- | --- |");
  for (const t of targets) lines.push(`| ${t.what} | ${fmt(t.value)} | ${t.ok ? "yes" : "no"} |`);
  process.stdout.write(`${lines.join("\n")}\n`);
}
