#!/usr/bin/env node
// Builds the library a LangGraph.js app imports (`chronograph` and `chronograph/langgraph`) to JavaScript
// and .d.ts in out/lib (tsc -p tsconfig.lib.json), for consumers without tsx. tsc rewrites the sources'
// relative ".ts" imports to ".js" in the JavaScript but not in the declarations, so they are rewritten here.
// Run by `npm run build:lib` and by npm pack (prepack).
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const OUT = join(REPO, "out", "lib");

rmSync(OUT, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [join(REPO, "node_modules", "typescript", "bin", "tsc"), "-p", join(REPO, "tsconfig.lib.json")], { stdio: "inherit" });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

/** `from "./x.ts"` and `import("./x.ts")` in a declaration file, relative specifiers only. */
const RELATIVE_TS = /((?:from|import)\s*\(?\s*["'])(\.\.?\/[^"']*?)\.ts(["'])/g;

function rewrite(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) rewrite(path);
    else if (entry.name.endsWith(".d.ts")) writeFileSync(path, readFileSync(path, "utf8").replace(RELATIVE_TS, "$1$2.js$3"));
  }
}
rewrite(OUT);
