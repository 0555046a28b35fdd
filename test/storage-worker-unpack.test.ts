/**
 * The packaged app's worker threads (storage: prune, VACUUM; LangGraph status decisions) load from app.asar.unpacked: worker-path.ts picks the
 * unpacked copy of a built file inside app.asar when it exists, and electron-builder.yml's asarUnpack must
 * unpack each worker's entry, every file it imports (type imports aside) and every package those require
 * at run time, with what those packages require in turn; else the worker fails in the package only.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { workerEntryPath } from "../core/storage/sqlite/worker-path.ts";

const ROOT = resolve(import.meta.dirname, "..");

/** asarUnpack's patterns, read from electron-builder.yml's list. */
function unpackPatterns(): RegExp[] {
  const yml = readFileSync(join(ROOT, "electron-builder.yml"), "utf8");
  const list = /^asarUnpack:\n((?:\s+- .*\n)+)/m.exec(yml)?.[1] ?? "";
  return [...list.matchAll(/- "([^"]+)"/g)].map(([, glob]) => {
    const source = glob!.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*\*\//g, "\uE000").replace(/\*\*/g, "\uE001").replace(/\*/g, "[^/]*").replace(/\uE000/g, "(?:.*/)?").replace(/\uE001/g, ".*");
    return new RegExp(`^${source}$`);
  });
}

/** The worker's source files (relative imports that are not type-only) and the packages they import. */
function closure(entry: string): { files: string[]; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const walk = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const match of readFileSync(file, "utf8").matchAll(/^\s*(?:import|export)(\s+type)?\s[^;]*?from\s+"([^"]+)"|import\("([^"]+)"\)/gm)) {
      if (match[1]) continue;
      const spec = (match[2] ?? match[3])!;
      if (spec.startsWith(".")) walk(resolve(dirname(file), spec));
      else if (!spec.startsWith("node:")) packages.add(spec);
    }
  };
  walk(entry);
  return { files: [...files].map((file) => relative(ROOT, file).split(sep).join("/")), packages };
}

/** Packages that `name`'s JavaScript requires (its main file's folder, not its node_modules or build scripts). */
function requiredBy(name: string): string[] {
  const folder = join(ROOT, "node_modules", name);
  const main = (JSON.parse(readFileSync(join(folder, "package.json"), "utf8")) as { main?: string }).main ?? "index.js";
  const mainDir = dirname(join(folder, main));
  const found = new Set<string>();
  const scan = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (entry === "node_modules") continue;
      if (statSync(path).isDirectory()) scan(path);
      else if (path.endsWith(".js")) for (const [, spec] of readFileSync(path, "utf8").matchAll(/require\('([^'./][^']*)'\)/g)) found.add(spec!);
    }
  };
  scan(mainDir);
  return [...found].filter((spec) => !BUILTIN.has(spec.replace(/^node:/, "")));
}

const BUILTIN = new Set(builtinModules);

describe("worker threads in a packaged app", () => {
  it("loads the unpacked copy of a file inside app.asar when it exists, else the file as it is", () => {
    const packed = ["", "opt", "Chronograph", "resources", "app.asar", "out", "core", "debugger", "storage-worker.js"].join(sep);
    const unpacked = packed.replace(`${sep}app.asar${sep}`, `${sep}app.asar.unpacked${sep}`);
    expect(workerEntryPath(packed, (path) => path === unpacked)).toBe(unpacked);
    expect(workerEntryPath(packed, () => false)).toBe(packed);
    const plain = join(ROOT, "out", "core", "debugger", "storage-worker.js");
    expect(workerEntryPath(plain, () => true)).toBe(plain);
    // Only the archive's own segment: a folder merely named like it is left alone.
    const lookalike = ["", "home", "me", "app.asar.backup", "storage-worker.js"].join(sep);
    expect(workerEntryPath(lookalike, () => true)).toBe(lookalike);
  });

  it.each([
    { entry: "core/debugger/storage-worker.ts", imports: ["core/debugger/storage.ts", "core/storage/sqlite/prune.ts"] },
    { entry: "core/interop/langgraph/status-worker.ts", imports: ["core/interop/langgraph/status-sql.ts", "core/storage/sqlite/raw.ts"] },
  ])("has asarUnpack cover $entry, every file it imports and every package they require", ({ entry, imports }) => {
    const patterns = unpackPatterns();
    const unpacked = (path: string) => patterns.some((pattern) => pattern.test(path));
    const { files, packages } = closure(join(ROOT, ...entry.split("/")));
    expect(files).toEqual(expect.arrayContaining(imports));
    const missing = files.map((file) => `out/${file.replace(/\.ts$/, ".js")}`).filter((built) => !unpacked(built));
    expect(missing).toEqual([]);
    const queue = [...packages];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const name = queue.shift()!;
      if (seen.has(name)) continue;
      seen.add(name);
      expect(unpacked(`node_modules/${name}/package.json`), `package ${name} is not unpacked`).toBe(true);
      queue.push(...requiredBy(name));
    }
    expect([...seen].sort()).toEqual(["better-sqlite3", "bindings", "file-uri-to-path"]);
  });
});
