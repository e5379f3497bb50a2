import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// A fixed development keyring for tests only: 32 zero-free bytes, base64.
const TEST_KEYRING = "k1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

// wrangler.toml declares these as required secrets; tests bind their own values below, and
// setting them here too keeps the plugin from warning about them for every test file.
process.env.ENCRYPTION_KEYS ??= TEST_KEYRING;
process.env.SIGNUP_TOKEN ??= "";

export default defineConfig(async () => {
  const migrations = await readD1Migrations("./migrations");
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            ENCRYPTION_KEYS: TEST_KEYRING,
            SIGNUP_TOKEN: "",
            EDGEMOCK_ENV: "local",
          },
        },
      }),
    ],
    test: {
      name: "workers",
      include: ["test/**/*.test.ts"],
      exclude: ["test/e2e/**", "test/browser/**"],
      setupFiles: ["./test/setup.ts"],
    },
  };
});
