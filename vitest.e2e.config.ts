import { defineConfig } from "vitest/config";

// End-to-end tests run in Node: they start `wrangler dev`, a real OAuth server and a receiver
// as separate processes on loopback and talk to them over HTTP.
export default defineConfig({
  test: {
    name: "e2e",
    include: ["test/e2e/**/*.test.ts"],
    environment: "node",
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
