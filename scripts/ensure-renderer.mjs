#!/usr/bin/env node
// Builds the app's web interface (dist/renderer) when it is missing or older than its sources, so
// `npm start` works on a fresh clone and end-to-end tests never run against a stale build. Run as a
// script (npm's prestart), it also builds the Electron main process when Electron's binary is installed,
// so those users get the desktop window rather than web mode.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("..", import.meta.url));

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** Build dist/renderer unless it is newer than renderer/ and core/api/. Throws when the build fails. */
export function ensureRenderer() {
  const built = join(REPO, "dist", "renderer", "index.html");
  const sources = Math.max(newest(join(REPO, "renderer")), newest(join(REPO, "core", "api")));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  console.error("Building the app's web interface (vite build)...");
  const result = spawnSync("npx", ["vite", "build", "--config", "renderer/vite.config.ts", "--logLevel", "warn"], { cwd: REPO, stdio: ["ignore", 2, 2] });
  if (result.status !== 0) throw new Error("Building the renderer failed (npx vite build --config renderer/vite.config.ts).");
}

/** Electron's binary as its package records it, or null (it cannot be downloaded everywhere). */
function electronInstalled() {
  const pathFile = join(REPO, "node_modules", "electron", "path.txt");
  if (!existsSync(pathFile)) return false;
  return existsSync(join(REPO, "node_modules", "electron", "dist", readFileSync(pathFile, "utf8").trim()));
}

/** Build out/electron unless it is newer than electron/ and core/. Throws when the build fails. */
export function ensureElectronMain() {
  const built = join(REPO, "out", "electron", "main", "main.js");
  const sources = Math.max(newest(join(REPO, "electron")), newest(join(REPO, "core")));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  console.error("Building the desktop app's main process (tsc)...");
  const result = spawnSync("npx", ["tsc", "-p", "electron/tsconfig.build.json"], { cwd: REPO, stdio: ["ignore", 2, 2] });
  if (result.status !== 0) throw new Error("Building the Electron main process failed (npx tsc -p electron/tsconfig.build.json).");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    ensureRenderer();
    if (electronInstalled()) ensureElectronMain();
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
