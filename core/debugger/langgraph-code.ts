/**
 * LangGraph.js graph code for a LangGraph.js database, imported inside a graph host (never in the
 * backend's process), TypeScript too; each compiled LangGraph.js graph it exports draws itself (interop's graphViewFromCode). The code
 * only draws the real graph; runs stay with LangGraph.js, which owns the file's format and the nodes.
 */
import { graphViewFromCode } from "../interop/index.ts";
import type { LoadedCodeGraph } from "./graph-host/protocol.ts";
import { isGraphLike, moduleError } from "./graph-module.ts";
import { compiledFrom, importLangGraphFile } from "./graph-host/langgraph-run.ts";

/** Whether `value` looks like a compiled LangGraph.js graph (it can run and draw itself). */
function isLangGraphJs(value: unknown): boolean {
  if (value === null || typeof value !== "object" || isGraphLike(value)) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.invoke === "function" && typeof candidate.getStateHistory === "function" && (typeof candidate.getGraphAsync === "function" || typeof candidate.getGraph === "function");
}

/**
 * Import `path` and draw every compiled LangGraph.js graph it exports (only `exportName`'s when given).
 * Throws GRAPH_MODULE naming the file when it is missing, fails to load, exports no compiled LangGraph.js
 * graph, or its graph cannot draw itself.
 */
export async function importLangGraphModule(path: string, exportName?: string): Promise<LoadedCodeGraph[]> {
  const { file, exports: raw } = await importLangGraphFile(path, exportName);
  // A StateGraph builder draws as what it compiles to; a function only when named (see compiledFrom).
  const exports: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) {
    try {
      exports[name] = (await compiledFrom(value, name === exportName)) ?? value;
    } catch (error) {
      if (name !== exportName) exports[name] = value;
      else throw moduleError(file, `export "${name}" threw while building the graph: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
    }
  }
  let found = Object.entries(exports).filter(([, value]) => isLangGraphJs(value));
  if (exportName !== undefined) {
    if (!isLangGraphJs(exports[exportName])) {
      const names = found.map(([name]) => name).join(", ") || "none";
      throw moduleError(file, `has no compiled LangGraph.js graph exported as "${exportName}" (compiled LangGraph.js graphs it exports: ${names}).`);
    }
    found = [[exportName, exports[exportName]]];
  }
  if (found.length === 0) {
    const chronograph = Object.values(exports).some(isGraphLike);
    throw moduleError(
      file,
      chronograph
        ? "exports a graph built with Chronograph's engine, but this database was written by LangGraph.js; load the module that builds the LangGraph.js graph."
        : "exports no compiled LangGraph.js graph; export the result of new StateGraph(...).compile(), e.g. `export const graph = builder.compile();`.",
    );
  }
  const unique = found.filter(([, graph], index) => found.findIndex(([, other]) => other === graph) === index);
  const loaded: LoadedCodeGraph[] = [];
  for (const [name, graph] of unique) {
    const label = typeof (graph as { name?: unknown }).name === "string" && (graph as { name: string }).name !== "" ? (graph as { name: string }).name : name;
    try {
      loaded.push({ file, exportName: name, view: await graphViewFromCode(graph, label) });
    } catch (error) {
      throw moduleError(file, `exports "${name}", which could not draw itself: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return loaded;
}
