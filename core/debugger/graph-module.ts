/**
 * Loading a user's graph module at run time, TypeScript included (through tsx). Runs only inside a graph
 * host (graph-host/child.ts), never in the backend's process. Each load gets its own
 * tsx namespace, so loading an edited file again runs the new code. Graphs are recognised by shape, not
 * by class identity: the module runs on its own instance of the engine, and everything the debugger
 * does with it (bind to the open file, stream a run, resume with a Command) uses that same instance.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { register } from "tsx/esm/api";
import { ChronographError } from "../api/errors.ts";
import type { Checkpointer } from "../checkpoint/types.ts";
import type { CompiledGraph } from "../pregel/compiled-graph.ts";

/** What the debugger uses of a compiled graph. */
export type GraphLike = Pick<CompiledGraph, "name" | "topologyHash" | "describe" | "stream" | "updateState" | "invoke" | "checkpointer">;

/** The parts of the engine a module's graph came with (its own instance). */
export interface EngineExports {
  CompiledGraph: abstract new (...args: never[]) => GraphLike;
  Command: (options: { resume?: unknown }) => unknown;
}

export interface LoadedGraph {
  /** Absolute path of the module. */
  file: string;
  /** The export the graph was found under ("default" for a default export). */
  exportName: string;
  graph: GraphLike;
  /** The engine instance the graph was built with, or null when it is not this Chronograph's engine. */
  engine: EngineExports | null;
}

let loads = 0;

/** Whether `value` looks like a compiled graph of any instance of the engine. */
export function isGraphLike(value: unknown): value is GraphLike {
  if (value === null || typeof value !== "object") return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.name === "string" &&
    typeof candidate.topologyHash === "string" &&
    typeof candidate.describe === "function" &&
    typeof candidate.stream === "function" &&
    typeof candidate.updateState === "function"
  );
}

/** GRAPH_MODULE naming the module file: `Graph module "<file>" <why>`. */
export function moduleError(file: string, why: string): ChronographError {
  return new ChronographError("GRAPH_MODULE", `Graph module "${file}" ${why}`, { file });
}

/**
 * Import `path` (resolved against the working folder) and return every compiled graph it exports, or
 * only `exportName`'s. Throws GRAPH_MODULE naming the file when it is missing, fails to load, or exports
 * no compiled graph (or `exportName` is not one).
 */
export async function importGraphModule(path: string, exportName?: string): Promise<LoadedGraph[]> {
  const { file, exports, scopedImport } = await importModule(path);
  const engine = await engineOf(scopedImport);
  const found = Object.entries(exports).filter(([, value]) => isGraphLike(value)) as Array<[string, GraphLike]>;
  if (exportName !== undefined) {
    const value = exports[exportName];
    if (!isGraphLike(value)) {
      const names = found.map(([name]) => name).join(", ") || "none";
      throw moduleError(file, `has no compiled graph exported as "${exportName}" (compiled graphs it exports: ${names}).`);
    }
    found.splice(0, found.length, [exportName, value]);
  }
  if (found.length === 0) {
    throw moduleError(file, "exports no compiled graph; export the result of new StateGraph(...).compile(), e.g. `export const graph = builder.compile();`.");
  }
  // The same graph exported twice (named and default) is one graph.
  const unique = found.filter(([, graph], index) => found.findIndex(([, other]) => other === graph) === index);
  return unique.map(([name, graph]) => ({ file, exportName: name, graph, engine: engine && graph.constructor === engine.CompiledGraph ? engine : null }));
}

/** A user's module, freshly imported: its absolute path, its exports, and an import in the same namespace. */
export interface ImportedModule {
  file: string;
  exports: Record<string, unknown>;
  scopedImport: (specifier: string, parent: string) => Promise<unknown>;
}

/**
 * Import `path` (resolved against the working folder) in a tsx namespace of its own. Throws GRAPH_MODULE
 * naming the file when it is missing or fails to load.
 */
export async function importModule(path: string): Promise<ImportedModule> {
  const file = resolve(path);
  if (!existsSync(file)) throw moduleError(file, "does not exist.");
  loads += 1;
  const scope = register({ namespace: `chronograph-graph-${process.pid}-${loads}` });
  try {
    const exports = (await scope.import(pathToFileURL(file).href, import.meta.url)) as Record<string, unknown>;
    return { file, exports, scopedImport: scope.import };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw moduleError(file, `failed to load: ${reason.split("\n")[0]}`);
  }
}

/** This engine, imported in the module's namespace: the same instance when the module uses this engine. */
async function engineOf(scopedImport: (specifier: string, parent: string) => Promise<unknown>): Promise<EngineExports | null> {
  const index = new URL(import.meta.url.endsWith(".ts") ? "../index.ts" : "../index.js", import.meta.url).href;
  try {
    return (await scopedImport(index, import.meta.url)) as EngineExports;
  } catch {
    return null;
  }
}

/**
 * A copy of `loaded`'s graph bound to `checkpointer`, with extra "stop before" breakpoints, made by the
 * module's own engine (same topology hash). Throws GRAPH_MODULE when the graph cannot be rebound.
 */
export function bindGraph(loaded: LoadedGraph, checkpointer: Checkpointer, breakpoints: readonly string[] = []): GraphLike {
  const graph = loaded.graph as GraphLike & Partial<Pick<CompiledGraph, "withOptions">>;
  if (typeof graph.withOptions !== "function") {
    throw moduleError(loaded.file, `exports "${loaded.exportName}", which is not a graph compiled by Chronograph's engine.`);
  }
  const stops = [...new Set([...graph.describe().interruptBefore, ...breakpoints])];
  return graph.withOptions({ checkpointer, interruptBefore: stops });
}
