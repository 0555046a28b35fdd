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
/** The LangGraph CLI's config: { "graphs": { "agent": "./src/agent.ts:graph" } }; read when there is no chronograph.config.json. */
export const LANGGRAPH_CONFIG_NAME = "langgraph.json";

const entry = z.union([z.string().min(1), z.object({ module: z.string().min(1), export: z.string().min(1).optional() })]);
const schema = z.object({ graphs: z.record(z.string().min(1), entry) });
const langGraphSchema = z.object({ graphs: z.record(z.string().min(1), z.string().min(1)) });

export interface GraphModuleRef {
  /** The graph name the module is declared for. */
  graphName: string;
  /** Absolute path of the module. */
  module: string;
  exportName?: string;
}

/** The config file that belongs to `databasePath` (in the database's real folder). */
export function configPathFor(databasePath: string): string {
  return configIn(realFolder(dirname(databasePath)));
}

/** chronograph.config.json in `folder`, or langgraph.json when only that one exists. */
function configIn(folder: string): string {
  const own = join(folder, CONFIG_FILE_NAME);
  const langGraph = join(folder, LANGGRAPH_CONFIG_NAME);
  return !existsSync(own) && existsSync(langGraph) ? langGraph : own;
}

/** `./src/agent.ts:graph` as its path and export (a trailing `:name` that is an identifier). */
export function splitModuleSpec(spec: string): { module: string; export?: string } {
  const match = /^(.+):([A-Za-z_$][\w$]*)$/.exec(spec);
  return match ? { module: match[1]!, export: match[2]! } : { module: spec };
}

/**
 * The graph modules declared in the working folder `cwd` (langgraph.json, else chronograph.config.json),
 * for the command line: running a command in one's own project is consent to load its code. Same checks
 * as readGraphConfig: modules must stay inside the folder or its project.
 */
export function readCommandGraphs(cwd: string): GraphModuleRef[] {
  const folder = realFolder(cwd);
  const langGraph = join(folder, LANGGRAPH_CONFIG_NAME);
  const file = existsSync(langGraph) ? langGraph : join(folder, CONFIG_FILE_NAME);
  return readConfigFile(file, moduleRoots(folder, projectRootFor(folder, (dir) => existsSync(packageJsonIn(dir)), realFolder(homedir()))));
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
  return readConfigFile(configPathFor(databasePath), moduleRootsFor(databasePath));
}

function readConfigFile(file: string, roots: readonly string[]): GraphModuleRef[] {
  if (!existsSync(file)) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ChronographError("GRAPH_MODULE", `"${file}" is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { file });
  }
  const isLangGraph = file.endsWith(LANGGRAPH_CONFIG_NAME);
  const result = isLangGraph ? langGraphSchema.safeParse(parsed) : schema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.join(".") : "the file";
    throw new ChronographError(
      "GRAPH_MODULE",
      `"${file}": ${field} ${issue?.message ?? "is invalid"}. Expected { "graphs": { "<graph name>": "./module.ts${isLangGraph ? ":<export>" : ""}" } }.`,
      { file },
    );
  }
  return Object.entries(result.data.graphs).map(([graphName, declared]) => {
    const value = isLangGraph && typeof declared === "string" ? splitModuleSpec(declared) : declared;
    const written = typeof value === "string" ? value : value.module;
    const verdict = checkModulePath(file, written, realFolder(resolve(dirname(file), written)), roots);
    if (!verdict.ok) throw new ChronographError("MODULE_OUTSIDE_PROJECT", verdict.reason, { file, module: written });
    const ref: GraphModuleRef = { graphName, module: verdict.path };
    if (typeof value !== "string" && value.export) ref.exportName = value.export;
    return ref;
  });
}
