#!/usr/bin/env node
// `npm run test:browser`: the admin-page journey in Debian's Chromium (test/browser/), run by
// vitest in Node. Kept out of `npm test` so that one passes on a machine without a browser.
// Ends with a plain "N passed, N failed" line and a non-zero exit code on any failure.
import { existsSync, rmSync } from "node:fs";
import { startVitest } from "vitest/node";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  console.error(`${chromium} is missing: apt-get install chromium (or set CHROMIUM_PATH).`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}

// Screenshots of an earlier run would pass for this one's.
rmSync(new URL("../test-results/screenshots", import.meta.url), { recursive: true, force: true });

const vitest = await startVitest("test", [], {
  config: false,
  root: new URL("..", import.meta.url).pathname,
  include: ["test/browser/**/*.test.ts"],
  environment: "node",
  testTimeout: 120_000,
  hookTimeout: 150_000,
  fileParallelism: false,
  watch: false,
  run: true,
});

let passed = 0;
let failed = 0;
let skipped = 0;
for (const module of vitest?.state.getTestModules() ?? []) {
  for (const test of module.children.allTests()) {
    const state = test.result().state;
    if (state === "passed") passed += 1;
    else if (state === "failed") failed += 1;
    else skipped += 1;
  }
  // A module that failed to load or whose hooks threw has no passing tests to show for it.
  if (module.state() === "failed" && failed === 0) failed += 1;
}
await vitest?.close();

if (skipped) console.log(`${skipped} skipped after an earlier failure`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
