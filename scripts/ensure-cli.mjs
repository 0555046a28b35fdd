#!/usr/bin/env node
// Builds the command line, web host and core to JavaScript in out/ (tsc -p electron/tsconfig.cli.json)
// when the build is missing or older than its sources, so `chronograph` starts without compiling
// TypeScript. Run as a script by npm's `prepare` and `prestart`; bin/chronograph.js asks cliBuildFresh()
// at every launch in a git checkout (isCheckout) and loads the sources through tsx when the build is stale.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("..", import.meta.url));
/** The built entry point; tsc rewrites every output, so its mtime is the build's. */
export const CLI_ENTRY = join(REPO, "out", "electron", "cli", "main.js");
const SOURCE_DIRS = ["core", "electron/cli", "electron/web", "electron/main", "electron/preload"];
const CONFIGS = ["tsconfig.json", "electron/tsconfig.build.json", "electron/tsconfig.cli.json"];

/** True in a development checkout (a .git beside package.json), where sources may be newer than out/. */
export function isCheckout() {
  return existsSync(join(REPO, ".git"));
}

/** The newest mtime of the sources the build reads (tests excluded: they are not built). */
function newestSource(dir) {
  let latest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newestSource(path));
    else if (/\.c?ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

/** True when out/electron/cli/main.js exists and is at least as new as every source and build config. */
export function cliBuildFresh() {
  if (!existsSync(CLI_ENTRY)) return false;
  const built = statSync(CLI_ENTRY).mtimeMs;
  for (const dir of SOURCE_DIRS) if (newestSource(join(REPO, dir)) > built) return false;
  for (const config of CONFIGS) if (existsSync(join(REPO, config)) && statSync(join(REPO, config)).mtimeMs > built) return false;
  return true;
}

/**
 * Build out/ unless it is fresh. tsc emits even when some file has a type error, so a build that wrote
 * the entry point counts (with a warning); one that wrote nothing throws.
 */
export function ensureCli() {
  if (cliBuildFresh()) return;
  console.error("Building the command line and backend to JavaScript (tsc -p electron/tsconfig.cli.json)...");
  const started = Date.now();
  const tsc = join(REPO, "node_modules", "typescript", "bin", "tsc");
  const result = existsSync(tsc)
    ? spawnSync(process.execPath, [tsc, "-p", "electron/tsconfig.cli.json"], { cwd: REPO, stdio: ["ignore", 2, 2] })
    : { status: null, error: new Error("typescript is not installed") };
  const wrote = existsSync(CLI_ENTRY) && statSync(CLI_ENTRY).mtimeMs >= started - 1000;
  if (!wrote) throw new Error(`Building the command line failed (tsc -p electron/tsconfig.cli.json): ${result.error?.message ?? `exit ${result.status}`}; chronograph will load its TypeScript sources through tsx.`);
  if (result.status !== 0) console.error("The build reported type errors (above); it emitted JavaScript anyway.");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    ensureCli();
  } catch (error) {
    // Not fatal: bin/chronograph.js falls back to the sources through tsx.
    console.error(error.message);
  }
}
