// The linter: ESLint's and typescript-eslint's recommended rules (syntax only, not type-aware, so a run
// stays quick on a small machine) for every source file, and eslint-plugin-react-hooks' recommended set
// (the rules of hooks, effect dependencies, and the React Compiler's checks) for the renderer.
// Import layering is not here: test/layering.test.ts enforces it, with an allowed-imports table per folder.
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig(
  { linterOptions: { reportUnusedDisableDirectives: "error" } },
  {
    ignores: ["node_modules/", "dist/", "out/", ".tmp/", "test-results/", "playwright-report/", "bench/results/"],
  },
  // Fixtures are inputs for tests (some malformed on purpose), not code of ours.
  { ignores: ["test/fixtures/"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Names starting with "_" are deliberately unused (a parameter kept for a signature, a skipped tuple slot).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  {
    files: ["electron/preload/preload.cts"],
    // A sandboxed preload is CommonJS and may only require("electron"), so import = require is the one way in.
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["renderer/**/*.{ts,tsx}"],
    ignores: ["renderer/vite.config.ts"],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.flat["recommended-latest"].rules,
      "react-hooks/exhaustive-deps": "error",
      "react-hooks/unsupported-syntax": "error",
      // Only says the React Compiler would skip a component (TanStack Virtual's useVirtualizer); we do not compile with it.
      "react-hooks/incompatible-library": "off",
    },
  },
);
