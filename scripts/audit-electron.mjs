#!/usr/bin/env node
// `npm run audit:electron`: runs Doyensec's electronegativity over electron/ and compares its findings
// with the ones we expect (each answered in docs/security.md). Electronegativity lives in its own folder
// (tools/electronegativity) because it needs old dependencies that clash with the project's.
// Exits 0 when the findings are exactly the expected ones, 1 otherwise (a new finding, or an expected one
// that vanished, which means this list or docs/security.md is out of date).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const tool = join(root, "tools", "electronegativity");

/** "CHECK severity file" of every finding we accept, with the reason in docs/security.md. */
const EXPECTED = [
  // The preload is our single, frozen, contract-checked bridge.
  "PRELOAD_JS_CHECK MEDIUM electron/main/window.ts",
  // The CSP is built by a function (electron/csp.ts), which the tool cannot evaluate statically.
  "CSP_GLOBAL_CHECK LOW electron/main/window.ts",
];

if (!existsSync(join(tool, "node_modules", ".bin", "electronegativity"))) {
  const install = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: tool, stdio: "inherit" });
  if (install.status !== 0) process.exit(1);
}
const out = mkdtempSync(join(tmpdir(), "electronegativity-"));
const csv = join(out, "report.csv");
const run = spawnSync(join(tool, "node_modules", ".bin", "electronegativity"), ["-i", join(root, "electron"), "-e", "45.4.1", "-o", csv], { cwd: tool, encoding: "utf8" });
if (run.status !== 0 || !existsSync(csv)) {
  console.error(run.stderr || run.stdout || "electronegativity produced no report");
  process.exit(1);
}
const rows = readFileSync(csv, "utf8").trim().split("\n").slice(1);
rmSync(out, { recursive: true, force: true });
const found = rows.map((row) => {
  const [check, severity, , file] = row.split(",").map((cell) => cell.replace(/^"|"$/g, ""));
  return `${check} ${severity} ${file.replace(`${root}`, "")}`;
});
const unexpected = found.filter((finding) => !EXPECTED.includes(finding));
const missing = EXPECTED.filter((finding) => !found.includes(finding));
for (const finding of found) console.log(`${unexpected.includes(finding) ? "NEW " : "ok  "} ${finding}`);
for (const finding of missing) console.log(`GONE ${finding} (update scripts/audit-electron.mjs and docs/security.md)`);
console.log(`${found.length - unexpected.length} expected, ${unexpected.length} unexpected, ${missing.length} gone`);
process.exit(unexpected.length === 0 && missing.length === 0 ? 0 : 1);
