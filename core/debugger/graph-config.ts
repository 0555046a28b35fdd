/**
 * `chronograph.config.json`, beside a database, says which module holds the code of each graph in it:
 *
 *   { "graphs": { "research": "./graphs/research.ts", "approval": { "module": "./approval.ts", "export": "graph" } } }
 *
 * Module paths are relative to the config file's folder, and must stay inside the database's folder or
 * its project root (see trust-policy.ts): an absolute path, or a ../ that leads out, refuses the whole
 * config with MODULE_OUTSIDE_PROJECT, even in a trusted folder. Reading a config never imports anything;
 * whether its modules load is the workspace-trust gate's decision (service.ts, trust.ts).
 */
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";
import { ChronographError } from "../api/errors.ts";
import { realFolder } from "./trust.ts";
import { checkModulePath, moduleRoots, packageJsonIn, projectRootFor } from "./trust-policy.ts";

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

/** The config file that belongs to `databasePath` (in the database's real folder). */
export function configPathFor(databasePath: string): string {
  return join(realFolder(dirname(databasePath)), CONFIG_FILE_NAME);
}

/** The folders modules of the config beside `databasePath` may live in: its folder, then its project root. */
export function moduleRootsFor(databasePath: string): string[] {
  const folder = realFolder(dirname(databasePath));
  return moduleRoots(folder, projectRootFor(folder, (dir) => existsSync(packageJsonIn(dir)), realFolder(homedir())));
}

/**
 * The graph modules declared beside `databasePath` (absolute, realpath'd): empty when there is no config
 * file. Throws GRAPH_MODULE naming the config file when it is not valid JSON or not of the documented
 * shape, and MODULE_OUTSIDE_PROJECT naming the config file and the path when a module lies outside.
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
  const roots = moduleRootsFor(databasePath);
  return Object.entries(result.data.graphs).map(([graphName, value]) => {
    const written = typeof value === "string" ? value : value.module;
    const verdict = checkModulePath(file, written, realFolder(resolve(dirname(file), written)), roots);
    if (!verdict.ok) throw new ChronographError("MODULE_OUTSIDE_PROJECT", verdict.reason, { file, module: written });
    const ref: GraphModuleRef = { graphName, module: verdict.path };
    if (typeof value !== "string" && value.export) ref.exportName = value.export;
    return ref;
  });
}
