/**
 * The layering rules of the style guide, enforced. Inside core every folder may import only what its
 * row in test/layers.ts allows, and core's import graph has no cycle, runtime or type-only. Outside core
 * the coarser rules of RULES hold (electron/, renderer/, test/, bench/, examples/, scripts/).
 * docs/architecture.md carries the table as layerTable() prints it; the last test keeps the two equal.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { cyclesOf, importsOf } from "./import-graph.ts";
import { checkCore, CORE_LAYERS, coreFolderOf, layerTable } from "./layers.ts";

const root = resolve(import.meta.dirname, "..");
const SKIP = new Set(["node_modules", "dist", "out", ".tmp", ".git", "docs", "test-results", "playwright-report"]);

interface Rule {
  /** Folder prefix (repo-relative, with trailing slash) the rule applies to; the longest match wins. */
  folder: string;
  /** Returns why the import is forbidden, or null. `target` is repo-relative for relative imports. */
  check(specifier: string, target: string | null, file: string): string | null;
}

const isNode = (specifier: string) => specifier.startsWith("node:");
const UI_PACKAGES = /^(react|react-dom|@xyflow|zustand|elkjs|@uiw|@codemirror|@tanstack|lucide-react|react-resizable-panels)(\/|$)/;

const RULES: Rule[] = [
  {
    folder: "core/",
    check: (specifier, target, file) => {
      // Unit tests beside a module exercise it with real collaborators, so they answer to core's outer rule only.
      if (file.endsWith(".test.ts")) {
        if (target !== null) return target.startsWith("core/") ? null : "core imports only core";
        return specifier === "electron" || UI_PACKAGES.test(specifier) ? `core imports no Electron, React or DOM packages (found "${specifier}")` : null;
      }
      return checkCore(file, specifier, target);
    },
  },
  {
    folder: "electron/",
    check: (specifier, target, file) => {
      if (target !== null && target.startsWith("renderer/")) return "electron never imports the renderer";
      if (specifier === "electron" && file.startsWith("electron/web/")) return "the web host imports no electron";
      if (specifier === "electron" && file.startsWith("electron/cli/")) return "the CLI imports no electron";
      if (UI_PACKAGES.test(specifier)) return `hosts import no UI packages (found "${specifier}")`;
      return null;
    },
  },
  {
    folder: "renderer/",
    check: (specifier, target) => {
      if (target !== null) return target.startsWith("renderer/") || target.startsWith("core/api/") ? null : "the renderer imports only renderer/ and core/api/";
      if (isNode(specifier) || specifier === "better-sqlite3" || specifier === "electron") return `the renderer never touches Node or Electron (found "${specifier}")`;
      return null;
    },
  },
  { folder: "test/", check: () => null },
  {
    folder: "bench/",
    // renderer/model/ is plain TypeScript with no React or DOM (STYLE 4.4), so the UI bench may time it; so
    // are the store's slices (vanilla zustand), which the replay bench drives over the real backend. The
    // store's React glue (its context and hooks) stays off limits.
    check: (_, target) => (target !== null && target.startsWith("renderer/") && !benchMayTime(target) ? "bench imports no renderer code but its pure models (renderer/model/) and the store's React-free slices" : null),
  },
  { folder: "examples/", check: (_, target) => (target !== null && !target.startsWith("core/") && !target.startsWith("examples/") ? "examples import only core/ and examples/" : null) },
  { folder: "scripts/", check: () => null },
];

const STORE_REACT_GLUE = new Set(["renderer/store/store-context.ts", "renderer/store/useStoreApi.ts", "renderer/store/useAppStore.ts"]);
function benchMayTime(target: string): boolean {
  if (target.startsWith("renderer/model/")) return true;
  return target.startsWith("renderer/store/") && target.endsWith(".ts") && !STORE_REACT_GLUE.has(target);
}

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (SKIP.has(entry) || entry.startsWith(".")) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) files.push(...sourceFiles(path));
    else if (/\.(ts|tsx|mts|cts)$/.test(entry) && !entry.endsWith(".d.ts")) files.push(path);
  }
  return files;
}

function ruleFor(file: string): Rule | undefined {
  return RULES.filter((rule) => file.startsWith(rule.folder)).sort((a, b) => b.folder.length - a.folder.length)[0];
}

const targetOf = (file: string, specifier: string) => (specifier.startsWith(".") ? relative(root, resolve(dirname(join(root, file)), specifier)) : null);

describe("layering", () => {
  const files = sourceFiles(root).map((path) => relative(root, path));
  const imports = new Map(files.map((file) => [file, importsOf(readFileSync(join(root, file), "utf8"))]));

  it("finds the source tree", () => {
    expect(files.some((file) => file.startsWith("core/"))).toBe(true);
  });

  it("has a rule for every folder that holds TypeScript, and a CORE_LAYERS row for every core folder", () => {
    const loose = files.filter((file) => file.includes("/") && !ruleFor(file));
    const unlisted = [...new Set(files.filter((file) => file.startsWith("core/")).map(coreFolderOf))].filter((folder) => !CORE_LAYERS[folder]);
    expect({ loose, unlisted }).toEqual({ loose: [], unlisted: [] });
  });

  it("keeps every import inside what its layer may use", () => {
    const violations: string[] = [];
    for (const file of files) {
      const rule = ruleFor(file);
      if (!rule) continue;
      for (const { specifier } of imports.get(file)!) {
        // Unit tests sit beside their modules (the style guide's rule), so any layer's tests may use the runner.
        if (specifier === "vitest" && file.endsWith(".test.ts")) continue;
        const why = rule.check(specifier, targetOf(file, specifier), file);
        if (why) violations.push(`${file}: "${specifier}": ${why}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("finds no import cycle inside core, runtime or type-only", () => {
    const runtime = new Map<string, string[]>();
    const all = new Map<string, string[]>();
    for (const file of files) {
      if (!file.startsWith("core/") || file.endsWith(".test.ts")) continue;
      const targets = imports.get(file)!.map((entry) => ({ ...entry, target: targetOf(file, entry.specifier) })).filter((entry) => entry.target?.startsWith("core/"));
      all.set(file, targets.map((entry) => entry.target!));
      runtime.set(file, targets.filter((entry) => !entry.typeOnly).map((entry) => entry.target!));
    }
    const runtimeCycles = cyclesOf(runtime);
    const typeCycles = cyclesOf(all).filter((cycle) => !runtimeCycles.some((known) => known.join() === cycle.join()));
    expect({ runtimeCycles, typeCycles }).toEqual({ runtimeCycles: [], typeCycles: [] });
  });

  it("would catch a forbidden import, an unknown folder and a cycle", () => {
    expect(ruleFor("core/pregel/loop.ts")!.check("react", null, "core/pregel/loop.ts")).not.toBeNull();
    expect(checkCore("core/pregel/loop.ts", "better-sqlite3", null)).not.toBeNull();
    expect(checkCore("core/storage/sqlite/saver.ts", "better-sqlite3", null)).toBeNull();
    expect(checkCore("core/storage/postgres/saver.ts", "better-sqlite3", null)).not.toBeNull();
    expect(checkCore("core/interop/index.ts", "../debugger/source.ts", "core/debugger/source.ts")).toMatch(/core\/interop may not import core\/debugger/);
    expect(checkCore("core/debugger/graph-less.ts", "../pregel/loop.ts", "core/pregel/loop.ts")).toMatch(/loop's internals/);
    expect(checkCore("core/debugger/graph-less.ts", "../pregel/compiled-graph.ts", "core/pregel/compiled-graph.ts")).toBeNull();
    expect(checkCore("core/api/contract.ts", "../pregel/loop.ts", "core/pregel/loop.ts")).not.toBeNull();
    expect(checkCore("core/api/contract.ts", "vitest", null)).not.toBeNull();
    expect(checkCore("core/shiny/new.ts", "../api/types.ts", "core/api/types.ts")).toMatch(/no row in CORE_LAYERS/);
    expect(ruleFor("renderer/app/App.tsx")!.check("node:fs", null, "renderer/app/App.tsx")).not.toBeNull();
    expect(cyclesOf(new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", ["a"]]]))).toEqual([["a", "b", "c"]]);
    expect(importsOf(`import type { A } from "./a.ts";\nimport { type B, c } from "./b.ts";\nimport { type D } from "./d.ts";`)).toEqual([
      { specifier: "./a.ts", typeOnly: true },
      { specifier: "./b.ts", typeOnly: false },
      { specifier: "./d.ts", typeOnly: true },
    ]);
  });

  it("is the table docs/architecture.md shows (npx tsx test/layers.ts prints it)", () => {
    const doc = readFileSync(join(root, "docs", "architecture.md"), "utf8");
    expect(doc, `docs/architecture.md should hold this table:\n${layerTable()}`).toContain(layerTable());
  });
});
