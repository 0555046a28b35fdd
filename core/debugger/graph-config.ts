/**
 * `chronograph.config.json`, beside a database, says which module holds the code of each graph in it:
 *
 *   { "graphs": { "research": "./graphs/research.ts", "approval": { "module": "./approval.ts", "export": "graph" } } }
 *
 * Module paths are relative to the config file's folder.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";
import { ChronographError } from "../api/errors.ts";

export const CONFIG_FILE_NAME = "chronograph.config.json";

const entry = z.union([z.string().min(1), z.object({ module: z.string().min(1), export: z.string().min(1).optional() })]);
const schema = z.object({ graphs: z.record(z.string().min(1), entry) });

export interface GraphModuleRef {
  /** The graph name the module is declared for. */
  graphName: string;
  /** Absolute path of the module. */
  module: string;
  exportName?: string;
}

/** The config file that belongs to `databasePath`. */
export function configPathFor(databasePath: string): string {
  return join(dirname(databasePath), CONFIG_FILE_NAME);
}

/**
 * The graph modules declared beside `databasePath`: empty when there is no config file. Throws
 * GRAPH_MODULE naming the config file when it is not valid JSON or not of the documented shape.
 */
export function readGraphConfig(databasePath: string): GraphModuleRef[] {
  const file = configPathFor(databasePath);
  if (!existsSync(file)) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ChronographError("GRAPH_MODULE", `"${file}" is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { file });
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.join(".") : "the file";
    throw new ChronographError(
      "GRAPH_MODULE",
      `"${file}": ${field} ${issue?.message ?? "is invalid"}. Expected { "graphs": { "<graph name>": "./module.ts" } }.`,
      { file },
    );
  }
  return Object.entries(result.data.graphs).map(([graphName, value]) => {
    const ref: GraphModuleRef = { graphName, module: resolve(dirname(file), typeof value === "string" ? value : value.module) };
    if (typeof value !== "string" && value.export) ref.exportName = value.export;
    return ref;
  });
}
