#!/usr/bin/env node
// Runs every suite (typecheck, lint, unit and scenario tests, end-to-end tests when present) and prints the
// closing line CI reads: "N passed, N failed". Exits non-zero when anything failed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const reports = join(root, ".tmp", "reports");
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

let passed = 0;
let failed = 0;
let skipped = 0;

function run(label, command, args, env = {}) {
  console.log(`\n== ${label}: ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  return result.status ?? 1;
}

const tsc = run("typecheck", "npx", ["tsc", "--noEmit", "-p", "tsconfig.json"]);
if (tsc === 0) passed += 1;
else failed += 1;
for (const project of ["renderer/tsconfig.json"]) {
  if (!existsSync(join(root, project))) continue;
  if (run(`typecheck ${project}`, "npx", ["tsc", "--noEmit", "-p", project]) === 0) passed += 1;
  else failed += 1;
}

if (run("lint", "npm", ["run", "lint", "--silent"]) === 0) passed += 1;
else failed += 1;

const vitestJson = join(reports, "vitest.json");
const vitest = run("unit and scenario tests", "npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`]);
if (existsSync(vitestJson)) {
  const report = JSON.parse(readFileSync(vitestJson, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  if (vitest !== 0 && report.numFailedTests === 0) failed += 1;
} else {
  failed += 1;
}

if (existsSync(join(root, "playwright.config.ts")) && process.env.SKIP_E2E !== "1") {
  const build = run("build the app", "npm", ["run", "build"]);
  if (build !== 0) failed += 1;
  else {
    const playwrightJson = join(reports, "playwright.json");
    const e2e = run("end-to-end tests", "npx", ["playwright", "test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson });
    if (existsSync(playwrightJson)) {
      const { stats } = JSON.parse(readFileSync(playwrightJson, "utf8"));
      passed += stats.expected + stats.flaky;
      failed += stats.unexpected;
      skipped += stats.skipped;
      if (stats.flaky > 0) console.log(`${stats.flaky} end-to-end test(s) passed only on retry (flaky).`);
      if (e2e !== 0 && stats.unexpected === 0) failed += 1;
    } else {
      failed += 1;
    }
  }
}

console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 ? 0 : 1);
