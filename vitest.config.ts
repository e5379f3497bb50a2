import { defineConfig } from "vitest/config";

// `npm test` runs both projects: tests inside the Workers runtime, and end-to-end tests in Node.
export default defineConfig({
  test: {
    projects: ["./vitest.workers.config.ts", "./vitest.e2e.config.ts"],
  },
});
