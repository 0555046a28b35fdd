/**
 * Makes sure the built renderer the hosts serve (dist/renderer) is there and newer than its sources;
 * `npm test` builds first, but `npx playwright test` alone should not test a stale UI.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "./host.ts";

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

export default function globalSetup(): void {
  const built = join(REPO, "dist", "renderer", "index.html");
  const sources = Math.max(newest(join(REPO, "renderer")), newest(join(REPO, "core", "api")));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  const result = spawnSync("npx", ["vite", "build", "--config", "renderer/vite.config.ts"], { cwd: REPO, stdio: "inherit" });
  if (result.status !== 0) throw new Error("Building the renderer failed (npx vite build --config renderer/vite.config.ts).");
}
