/**
 * End-to-end tests: the real web host (bin/chronograph.js --web) over real SQLite files written by the
 * engine, driven in Debian's Chromium (never a downloaded browser: see docs/TOOLCHAIN.md). Each spec
 * starts its own host; the hosts serve the built renderer from dist/renderer.
 */
import { defineConfig } from "@playwright/test";

export default defineConfig({
  testDir: "test/e2e",
  testMatch: "**/*.spec.ts",
  globalSetup: "./test/e2e/support/global-setup.ts",
  workers: 1,
  // CI machines are shared and loaded; one retry keeps a timing flake from hiding the real results.
  // A test that passes only on retry is still reported as flaky in the summary.
  retries: process.env.CI ? 1 : 0,
  fullyParallel: false,
  timeout: 45_000,
  expect: { timeout: 8_000 },
  outputDir: "test-results",
  reporter: [["list"]],
  use: {
    headless: true,
    viewport: { width: 1440, height: 900 },
    colorScheme: "light",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/lib/chromium/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
});
