/**
 * Who may import whom inside core: one row per folder (VS Code's code-layering rule is the model). A
 * folder with no row is an error, so nothing slips past. test/layering.test.ts enforces the table and
 * keeps docs/architecture.md showing it; `npx tsx test/layers.ts` prints it as Markdown.
 */
export interface CoreLayer {
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
    role: "PostgreSQL checkpointer, and reads of LangGraph's Postgres tables; the only pg user",
    // It reuses storage/sqlite's driver-free helpers (materialize, stored-blob, append-store), never its driver.
    imports: ["core/api", "core/channels", "core/checkpoint", "core/graph", "core/storage/sqlite"],
    packages: ["node:*", "pg"],
  },
  "core/interop": { role: "LangGraph.js / Python LangGraph readers (files and Postgres rows) and writer", imports: ["core/api", "core/checkpoint", "core/graph", "core/storage/sqlite"], packages: ["node:*"] },
  "core/langgraph-saver": {
    role: "ChronographSaver, a LangGraph.js checkpointer on Chronograph's storage (chronograph/langgraph)",
    // core/storage/postgres for its pool (pg loaded on the first postgres:// connection), URL masking and errors.
    imports: ["core/api", "core/checkpoint", "core/graph", "core/storage/sqlite", "core/storage/postgres"],
    packages: ["node:*", "@langchain/langgraph-checkpoint", "@langchain/core"],
  },
  "core/debugger": {
    role: "the backend behind the contract",
    // core/langgraph-saver only by dynamic import, in the graph host's LangGraph.js runs (which have LangGraph loaded).
    imports: ["core/api", "core/channels", "core/checkpoint", "core/graph", "core/pregel", "core/interop", "core/langgraph-saver", "core/storage/sqlite", "core/storage/postgres"],
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
  if (!layer) return `${folder} has no row in CORE_LAYERS (test/layers.ts): add one saying what it may import`;
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

if (process.argv[1] && import.meta.filename === process.argv[1]) console.log(layerTable());
