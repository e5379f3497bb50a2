import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      ".wrangler/",
      "worker-configuration.d.ts",
      "public/vendor/",
      "test-results/",
    ],
  },
  js.configs.recommended,
  {
    files: ["**/*.ts"],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // Root config files (vitest, drizzle) are in no tsconfig: lint them with the default one.
        projectService: { allowDefaultProject: ["*.ts"] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/require-await": "off",
      "eslint-comments/no-unlimited-disable": "off",
    },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: {
      globals: {
        console: "readonly",
        process: "readonly",
        URL: "readonly",
        fetch: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        window: "readonly",
        document: "readonly",
        localStorage: "readonly",
        navigator: "readonly",
        WebSocket: "readonly",
        Response: "readonly",
        Headers: "readonly",
        AbortController: "readonly",
        URLSearchParams: "readonly",
        Buffer: "readonly",
        performance: "readonly",
        structuredClone: "readonly",
        requestAnimationFrame: "readonly",
        HTMLElement: "readonly",
        Event: "readonly",
        FormData: "readonly",
        alert: "readonly",
        confirm: "readonly",
        location: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
      },
    },
  },
);
