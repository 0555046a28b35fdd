/**
 * The layering rules of the style guide, enforced. Inside core every folder has a row in CORE_LAYERS
 * saying which core folders and which packages it may import (VS Code's code-layering rule is the
 * model); a folder with no row fails, so nothing slips past. Core's import graph has no cycles, runtime
 * or type-only. Outside core the coarser rules of RULES hold (electron/, renderer/, test/, bench/...).
 * docs/architecture.md carries the table as `layerTable()` prints it; the last test keeps the two equal
 * (PRINT_LAYER_TABLE=1 prints it).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, dirname } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const SKIP = new Set(["node_modules", "dist", "out", ".tmp", ".git", "docs", "test-results", "playwright-report"]);

interface CoreLayer {
  /** What the folder is, in a few words (printed in the table). */
  role: string;
  /** Core folders it may import (its own folder is always allowed). */
  imports: string[];
  /** Packages it may import: a name, a name with a subpath, or "node:*". */
  packages: string[];
  /** Files of allowed folders that stay off limits, with the reason. */
  except?: Record<string, string>;
}

/** Who may import whom inside core. The keys are every folder of core; "core" is its root files. */
export const CORE_LAYERS: Record<string, CoreLayer> = {
  "core/api": { role: "the contract: types, events, schemas, error codes", imports: [], packages: ["zod"] },
  "core/graph": { role: "StateGraph builder, compile, constants", imports: ["core/api", "core/channels", "core/checkpoint", "core/pregel"], packages: ["node:*"] },
  "core/channels": { role: "one file per channel kind", imports: ["core/api", "core/graph"], packages: [] },
  "core/checkpoint": { role: "Checkpointer interface, memory saver, task-state rule", imports: ["core/api", "core/graph"], packages: ["node:*"] },
  "core/pregel": { role: "the superstep: decide, loop, runner", imports: ["core/api", "core/channels", "core/checkpoint", "core/graph"], packages: ["node:*"] },
  "core": { role: "the engine's public entry (index.ts)", imports: ["core/api", "core/channels", "core/checkpoint", "core/graph", "core/pregel"], packages: [] },
  "core/storage/sqlite": { role: "SQLite checkpointer; the only better-sqlite3 user", imports: ["core/api", "core/channels", "core/checkpoint", "core/graph"], packages: ["node:*", "better-sqlite3"] },
  "core/storage/postgres": {
    role: "PostgreSQL checkpointer; the only pg user",
    // It reuses storage/sqlite's driver-free helpers (materialize, stored-blob, append-store), never its driver.
    imports: ["core/api", "core/channels", "core/checkpoint", "core/graph", "core/storage/sqlite"],
    packages: ["node:*", "pg"],
  },
  "core/interop": { role: "LangGraph.js / Python LangGraph readers and writer", imports: ["core/api", "core/checkpoint", "core/graph", "core/storage/sqlite"], packages: ["node:*"] },
  "core/langgraph-saver": {
    role: "LangGraph checkpoint saver over Chronograph storage",
    imports: ["core/api", "core/channels", "core/checkpoint", "core/graph", "core/interop", "core/storage/sqlite", "core/storage/postgres"],
    packages: ["node:*", "@langchain/langgraph-checkpoint", "@langchain/core"],
  },
  "core/debugger": {
    role: "the backend behind the contract",
    imports: ["core/api", "core/channels", "core/checkpoint", "core/graph", "core/pregel", "core/interop", "core/storage/sqlite", "core/storage/postgres"],
    packages: ["node:*", "zod", "tsx"],
    except: { "core/pregel/loop.ts": "the loop's internals; the engine's public surface is compiled-graph.ts" },
  },
};

/** The folder whose row governs a core file: core/<x>, core/storage/<x>, or "core" for its root files. */
export function coreFolderOf(file: string): string {
  const parts = file.split("/");
  if (parts.length === 2) return "core";
  if (parts[1] === "storage") return parts.length === 3 ? "core/storage" : `core/storage/${parts[2]}`;
  return `core/${parts[1]}`;
}

function packageAllowed(specifier: string, allowed: string[]): boolean {
  return allowed.some((name) => (name === "node:*" ? specifier.startsWith("node:") : specifier === name || specifier.startsWith(`${name}/`)));
}

/** Why a core file may not import `specifier` (resolved to `target` when relative), or null. */
export function checkCore(file: string, specifier: string, target: string | null): string | null {
  const folder = coreFolderOf(file);
  const layer = CORE_LAYERS[folder];
  if (!layer) return `${folder} has no row in CORE_LAYERS (test/layering.test.ts): add one saying what it may import`;
  if (target === null) {
    return packageAllowed(specifier, layer.packages) ? null : `${folder} may import only the packages ${JSON.stringify(layer.packages)}`;
  }
  if (!target.startsWith("core/")) return "core imports only core";
  const to = coreFolderOf(target);
  if (to === folder) return null;
  if (!layer.imports.includes(to)) return `${folder} may not import ${to} (allowed: ${layer.imports.join(", ") || "none"})`;
  const off = layer.except?.[target];
  return off ? `${folder} may not import ${target}: ${off}` : null;
}

/** The table in Markdown, as docs/architecture.md shows it. */
export function layerTable(): string {
  const lines = ["| folder | what it is | may import (core) | packages |", "|---|---|---|---|"];
  for (const [folder, layer] of Object.entries(CORE_LAYERS)) {
    const imports = layer.imports.map((name) => name.replace(/^core\//, "")).join(", ") || "none";
    const except = Object.keys(layer.except ?? {}).map((file) => `, not ${file.replace(/^core\//, "")}`).join("");
    const name = folder === "core" ? "core (root)" : folder.replace(/^core\//, "");
    lines.push(`| ${name} | ${layer.role} | ${imports}${except} | ${layer.packages.join(", ") || "none"} |`);
  }
  return lines.join("\n");
}

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
    // renderer/model/ is plain TypeScript with no React or DOM (STYLE 4.4), so the UI bench may time it.
    check: (_, target) => (target !== null && target.startsWith("renderer/") && !target.startsWith("renderer/model/") ? "bench imports no renderer code but its pure models (renderer/model/)" : null),
  },
  { folder: "examples/", check: (_, target) => (target !== null && !target.startsWith("core/") && !target.startsWith("examples/") ? "examples import only core/ and examples/" : null) },
  { folder: "scripts/", check: () => null },
];

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

interface Import {
  specifier: string;
  /** True when the statement brings in types only (`import type`, or every name marked `type`). */
  typeOnly: boolean;
}

export function importsOf(source: string): Import[] {
  const found: Import[] = [];
  const statement = /(?:^|\n)\s*(import|export)\s+([^;]*?)\s*from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|(?:^|\n)\s*import\s+["']([^"']+)["']/g;
  for (const match of source.matchAll(statement)) {
    if (match[3] !== undefined) found.push({ specifier: match[3], typeOnly: isTypeOnly(match[2]!) });
    else found.push({ specifier: (match[4] ?? match[5])!, typeOnly: false });
  }
  return found;
}

function isTypeOnly(clause: string): boolean {
  if (/^type\s/.test(clause)) return true;
  const names = /^\{([^}]*)\}$/.exec(clause.trim());
  if (!names) return false;
  const items = names[1]!.split(",").map((item) => item.trim()).filter(Boolean);
  return items.length > 0 && items.every((item) => item.startsWith("type "));
}

/** Strongly connected components of more than one file (or a file importing itself): the cycles. */
export function cyclesOf(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component.sort());
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return cycles;
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

  // PRINT_LAYER_TABLE=1 npx vitest run test/layering.test.ts prints the table to paste into docs/architecture.md.
  it("is the table docs/architecture.md shows", () => {
    if (process.env.PRINT_LAYER_TABLE === "1") console.log(`\n${layerTable()}\n`);
    const doc = readFileSync(join(root, "docs", "architecture.md"), "utf8");
    expect(doc, `docs/architecture.md should hold this table:\n${layerTable()}`).toContain(layerTable());
  });
});
