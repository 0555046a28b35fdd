/**
 * The graph host's "run-langgraph" job: run a user's LangGraph.js graph with LangGraph.js itself (the
 * user's own copy, resolved from the module's folder) against a LangGraph.js SQLite file, through that
 * copy's SqliteSaver pointed at the file (or ChronographSaver, for a file it wrote), or against LangGraph's
 * PostgreSQL tables through the user's PostgresSaver (Chronograph's own copy when the project has none). Replay from a checkpoint, fork (updateState as a node, then
 * continue) or resume an interrupt with Command({ resume }); breakpoints are LangGraph's own
 * interruptBefore/interruptAfter; progress streams as node and checkpoint events (stream mode "debug").
 * Before anything runs, the history's nodes are checked against the code's: a module that lacks a node
 * the thread ran is refused with GRAPH_MISMATCH listing the differences.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { ChronographError } from "../../api/errors.ts";
import { detectKind } from "../../interop/detect.ts";
import { detectPostgres, isPostgresUrl } from "../../storage/postgres/langgraph-reads.ts";
import { maskUrl } from "../../storage/postgres/url.ts";
import { KIND_TRAITS } from "../capabilities.ts";
import { loadSaverModule } from "../saver-module.ts";
import { importModule, moduleError } from "../graph-module.ts";
import type { HostRunEvent, LangGraphRunJob, LangGraphRunResult } from "./protocol.ts";

type Send = (event: HostRunEvent) => void;
type Config = { configurable: Record<string, unknown> };

/** What this job uses of a compiled LangGraph.js graph. */
interface Compiled {
  nodes: Record<string, unknown>;
  checkpointer?: unknown;
  stream(input: unknown, options: Record<string, unknown>): Promise<AsyncIterable<unknown>>;
  updateState(config: Config, values: unknown, asNode?: string): Promise<Config>;
  getStateHistory(config: Config): unknown;
}

/** What this job uses of the user's SqliteSaver. */
interface Saver {
  list(config: Config): AsyncIterable<{ config: Config; checkpoint?: { channel_versions?: Record<string, unknown> }; metadata?: { writes?: Record<string, unknown> | null } }>;
}

function isCompiled(value: unknown): value is Compiled {
  const v = value as Record<string, unknown> | null;
  return typeof v === "object" && v !== null && typeof v.stream === "function" && typeof v.getStateHistory === "function" && typeof v.updateState === "function" && typeof v.nodes === "object";
}

function isBuilder(value: unknown): value is { compile(): unknown } {
  const v = value as Record<string, unknown> | null;
  return typeof v === "object" && v !== null && typeof v.compile === "function" && typeof v.addNode === "function";
}

/**
 * The compiled graph `value` stands for: itself, its builder compiled, or what a function returns
 * (either). A function is called only when `named` (the user named that export): other exported
 * functions are the module's helpers, not graph factories.
 */
export async function compiledFrom(value: unknown, named: boolean, depth = 0): Promise<Compiled | null> {
  if (isCompiled(value)) return value;
  if (isBuilder(value)) return compiledFrom(value.compile(), false, depth + 1);
  if (typeof value === "function" && named && depth === 0) {
    const made: unknown = await (value as () => unknown)();
    return compiledFrom(made, false, depth + 1);
  }
  return null;
}

/** Whether the nearest package.json above `file` says "type": "module". */
function inEsmProject(file: string): boolean {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, "utf8")) as { type?: string }).type === "module";
      } catch {
        return false;
      }
    }
    if (dirname(dir) === dir) return false;
  }
}

/**
 * Import a LangGraph.js module, for a run or to draw its graph (langgraph-code.ts). A module a CommonJS
 * project cannot read (ES module or TypeScript syntax in a project without "type": "module") fails with
 * GRAPH_MODULE in one line naming the file and `exportName`, saying why and how to fix it.
 */
export async function importLangGraphFile(file: string, exportName?: string): Promise<{ file: string; exports: Record<string, unknown> }> {
  try {
    return await importModule(file);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const syntax = /SyntaxError|Transform failed|Unexpected (identifier|token)|Cannot use import statement|require is not defined|exports is not defined/.test(message);
    if (syntax && !inEsmProject(file) && !/\.(mts|mjs)$/.test(file)) {
      const plainJs = /\.(js|cjs)$/.test(file);
      throw moduleError(
        file,
        `(export "${exportName ?? "graph"}") could not be read in a project without "type": "module" in its package.json (CommonJS by default): ${message.replace(/^Graph module "[^"]*" failed to load: /, "").replace(/:$/, "")} (its syntax is not JavaScript Node reads as CommonJS). ${plainJs ? "If it holds TypeScript, rename it to .ts or .mts; if it is ES module JavaScript, rename it to .mjs or" : "Rename it to .mts or"} add "type": "module" to its package.json.`,
      );
    }
    throw error;
  }
}

/**
 * Import `file` and find its LangGraph.js graph under `exportName` (or the first export that is one).
 * Throws GRAPH_MODULE in one line naming the file, the export and why.
 */
export async function loadLangGraph(file: string, exportName?: string): Promise<{ graph: Compiled; exportName: string }> {
  const { exports } = await importLangGraphFile(file, exportName);
  const names = exportName !== undefined ? [exportName] : Object.keys(exports);
  for (const name of names) {
    let graph: Compiled | null;
    try {
      graph = await compiledFrom(exports[name], exportName !== undefined);
    } catch (error) {
      throw moduleError(file, `export "${name}" threw while building the graph: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
    }
    if (graph) return { graph, exportName: name };
  }
  const what = exportName !== undefined ? `export "${exportName}" is not a LangGraph.js graph (a compiled graph, a StateGraph builder, or a function returning either).` : "exports no compiled LangGraph.js graph or StateGraph builder; name a function that returns one as MODULE:export.";
  throw moduleError(file, what);
}

/** The user's copy of `pkg`, resolved from the module's folder; ours (with a warning) when theirs is missing. */
async function resolveFromProject(file: string, pkg: string, warnings: string[]): Promise<Record<string, unknown>> {
  try {
    const path = createRequire(file).resolve(pkg);
    return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch {
    warnings.push(`"${pkg}" is not installed in the project of "${file}"; using Chronograph's own copy.`);
    return (await import(pkg)) as Record<string, unknown>;
  }
}

/**
 * The checkpointer the file's kind is written through (its traits say which): the user's SqliteSaver, or
 * ChronographSaver, the user's copy (`chronograph/langgraph`) when installed, else this Chronograph's.
 */
async function openSaver(job: LangGraphRunJob, warnings: string[]): Promise<Saver & { close?(): Promise<void> }> {
  if (isPostgresUrl(job.database) && (await writtenByChronographSaver(job.database))) {
    const module = await loadSaverModule(dirname(job.file), shown(job.database), warnings);
    return module.ChronographSaver.open(job.database) as unknown as Saver;
  }
  if (isPostgresUrl(job.database)) {
    // LangGraph's PostgreSQL tables: the user's PostgresSaver on the schema the URL names (no setup(): the tables exist, and it would migrate).
    const postgres = await resolveFromProject(job.file, "@langchain/langgraph-checkpoint-postgres", warnings);
    const url = new URL(job.database);
    const schema = url.searchParams.get("schema") ?? "public";
    url.searchParams.delete("schema");
    return (postgres.PostgresSaver as { fromConnString(url: string, options: { schema: string }): Saver }).fromConnString(url.toString(), { schema });
  }
  if (KIND_TRAITS[detectKind(job.database)].writer === "saver") {
    const module = await loadSaverModule(dirname(job.file), job.database, warnings);
    return module.ChronographSaver.open(job.database) as unknown as Saver;
  }
  const sqlite = await resolveFromProject(job.file, "@langchain/langgraph-checkpoint-sqlite", warnings);
  return (sqlite.SqliteSaver as { fromConnString(path: string): Saver }).fromConnString(job.database);
}

/**
 * Whether the URL's schema holds ChronographSaver's tables rather than LangGraph's or Chronograph's: the
 * debugger's order (core/debugger/sources.ts), which opened it as such only when neither of those is there.
 */
async function writtenByChronographSaver(url: string): Promise<boolean> {
  try {
    await (await detectPostgres(url)).reader.close();
    return false;
  } catch (error) {
    if (error instanceof ChronographError && error.code === "NOT_A_CHECKPOINT_DATABASE") return true;
    throw error;
  }
}

/** The database as messages name it: a postgres:// URL with its password masked. */
function shown(database: string): string {
  return isPostgresUrl(database) ? maskUrl(database) : database;
}

/** The nodes a thread's history ran or was about to run (internal ones left out). */
async function historyNodes(saver: Saver, threadId: string): Promise<Set<string>> {
  const nodes = new Set<string>();
  for await (const tuple of saver.list({ configurable: { thread_id: threadId } })) {
    // LangGraph.js 1.x triggers each node through a channel "branch:to:<node>"; older versions name nodes in metadata.writes.
    for (const channel of Object.keys(tuple.checkpoint?.channel_versions ?? {})) if (channel.startsWith("branch:to:")) nodes.add(channel.slice("branch:to:".length));
    for (const name of Object.keys(tuple.metadata?.writes ?? {})) nodes.add(name);
  }
  for (const name of [...nodes]) if (name.startsWith("__")) nodes.delete(name);
  return nodes;
}

/** Throws GRAPH_MISMATCH when the thread's history ran nodes the code does not have. */
export function checkNodes(file: string, exportName: string, threadId: string, history: ReadonlySet<string>, code: readonly string[]): void {
  const known = new Set(code);
  const missing = [...history].filter((node) => !known.has(node));
  if (missing.length === 0) return;
  const extra = code.filter((node) => !node.startsWith("__") && !history.has(node));
  const list = (names: string[]) => names.map((name) => `"${name}"`).join(", ");
  throw new ChronographError(
    "GRAPH_MISMATCH",
    `Graph "${exportName}" in "${file}" does not match thread "${threadId}": the history ran ${list(missing)}, which the code lacks${extra.length > 0 ? `; the code has ${list(extra)}, which the history never ran` : ""}.`,
    { file, thread: threadId },
  );
}

/** Run `job` (see the file's comment), streaming progress through `send`. */
export async function runLangGraphJob(job: LangGraphRunJob, signal: AbortSignal, send: Send): Promise<LangGraphRunResult> {
  const warnings: string[] = [];
  const { graph, exportName } = await loadLangGraph(job.file, job.exportName);
  const langgraph = await resolveFromProject(job.file, "@langchain/langgraph", warnings);
  const saver = await openSaver(job, warnings);
  graph.checkpointer = saver;
  const threadId = job.threadId;
  checkNodes(job.file, exportName, threadId, await historyNodes(saver, threadId), Object.keys(graph.nodes));

  const before = new Set<string>();
  for await (const tuple of saver.list({ configurable: { thread_id: threadId } })) before.add(String(tuple.config.configurable.checkpoint_id));
  if (job.checkpointId !== undefined && !before.has(job.checkpointId)) {
    throw new ChronographError("CHECKPOINT_NOT_FOUND", `Checkpoint "${job.checkpointId}" does not exist in thread "${threadId}" of "${shown(job.database)}".`, { thread: threadId, checkpoint: job.checkpointId });
  }
  if (job.mode !== "resume" && before.size === 0) throw new ChronographError("THREAD_NOT_FOUND", `Thread "${threadId}" does not exist in "${shown(job.database)}".`, { thread: threadId });

  let config: Config = { configurable: { thread_id: threadId, ...(job.checkpointId !== undefined ? { checkpoint_id: job.checkpointId } : {}) } };
  let input: unknown = null;
  if (job.mode === "fork" && job.input !== undefined) {
    // LangGraph writes the input as a new checkpoint, child of this one, and runs from START.
    input = job.input;
  } else if (job.mode === "fork") {
    config = await graph.updateState(config, job.update ?? {}, job.asNode);
  } else if (job.mode === "resume") {
    const Command = langgraph.Command as new (options: { resume: unknown }) => unknown;
    input = new Command({ resume: job.resume });
    config = { configurable: { thread_id: threadId } };
  }
  const stream = await graph.stream(input, {
    ...config,
    streamMode: "debug",
    signal,
    ...(job.interruptBefore?.length ? { interruptBefore: job.interruptBefore } : {}),
    ...(job.interruptAfter?.length ? { interruptAfter: job.interruptAfter } : {}),
  });
  try {
    for await (const chunk of stream) {
      const event = toEvent(chunk);
      if (event) send(event);
    }
  } catch (error) {
    // LangGraph.js ends a stopped run with its own AbortError: say it was stopped, in Chronograph's words.
    if (signal.aborted) throw new ChronographError("RUN_ABORTED", `The run of thread "${threadId}" was stopped.`, { thread: threadId });
    throw error;
  }
  const written: string[] = [];
  for await (const tuple of saver.list({ configurable: { thread_id: threadId } })) {
    const id = String(tuple.config.configurable.checkpoint_id);
    if (!before.has(id)) written.push(id);
  }
  written.reverse();
  return { exportName, written, warnings };
}

/** A LangGraph.js "debug" stream chunk as a run event, or null. */
function toEvent(chunk: unknown): HostRunEvent | null {
  const { type, step, payload } = (chunk ?? {}) as { type?: string; step?: number; payload?: Record<string, unknown> };
  if (!payload) return null;
  if (type === "task") return { type: "node", node: String(payload.name), phase: "start" };
  if (type === "task_result") {
    const error = payload.error;
    return error ? { type: "node", node: String(payload.name), phase: "error", message: String(error) } : { type: "node", node: String(payload.name), phase: "end" };
  }
  if (type === "checkpoint") {
    const id = (payload.config as Config | undefined)?.configurable?.checkpoint_id;
    return typeof id === "string" ? { type: "checkpoint", checkpointId: id, step: step ?? 0 } : null;
  }
  return null;
}
