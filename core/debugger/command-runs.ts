/**
 * `chronograph replay | fork | resume` on a database file: the same runs as the app, for scripts and CI.
 * The graph code comes from --graph (`./module.ts[:export]`) or from langgraph.json / chronograph.config.json
 * in the working folder (running a command in one's own project is consent to load its code). A
 * LangGraph.js file runs on the user's LangGraph.js (the "run-langgraph" job); a Chronograph file runs on
 * the engine (the "update" and "run" jobs). Either way the code runs in a graph host, never here, and
 * the answer is the checkpoints the run wrote, oldest first. A Python LangGraph file cannot run here:
 * the failure carries the snippet to run on the user's side.
 */
import { resolve } from "node:path";
import { parseArgs } from "../api/contract.ts";
import { ChronographError } from "../api/errors.ts";
import { detectKind } from "../interop/detect.ts";
import { SqliteSaver } from "../storage/sqlite/index.ts";
import { KIND_TRAITS } from "./capabilities.ts";
import { readCommandGraphs, splitModuleSpec, type GraphModuleRef } from "./graph-config.ts";
import { runInGraphHost } from "./graph-host/host.ts";
import type { HostRunEvent } from "./graph-host/protocol.ts";
import { pythonResumeSnippet } from "./python-snippet.ts";

export interface CommandRun {
  database: string;
  mode: "replay" | "fork" | "resume";
  threadId: string;
  checkpointId?: string;
  update?: Record<string, unknown>;
  asNode?: string;
  /** A fork with new input (instead of `update`): the graph starts again from the checkpoint with these channel values. */
  input?: Record<string, unknown>;
  resume?: unknown;
  /** `--graph`: a module path (against `cwd`), optionally `:export`. */
  graph?: string;
  cwd: string;
  onEvent?(event: HostRunEvent): void;
}

/** A Python LangGraph file: the run belongs on the user's side; `snippet` is the Python to run there. */
export class PythonElsewhere extends ChronographError {
  constructor(
    message: string,
    readonly snippet: string,
    file: string,
  ) {
    super("GRAPH_MODULE", message, { file });
  }
}

export interface CommandRunResult {
  written: string[];
  warnings: string[];
}

/** The modules to try: --graph, else the working folder's config. Throws GRAPH_MODULE when there is none. */
function modulesFor(run: CommandRun): GraphModuleRef[] {
  if (run.graph !== undefined) {
    const spec = splitModuleSpec(run.graph);
    return [{ graphName: "", module: resolve(run.cwd, spec.module), ...(spec.export ? { exportName: spec.export } : {}) }];
  }
  const refs = readCommandGraphs(run.cwd);
  if (refs.length === 0) {
    throw new ChronographError("GRAPH_MODULE", `No graph code to ${run.mode} thread "${run.threadId}" of "${run.database}": pass --graph ./module.ts[:export], or run from a folder with langgraph.json or chronograph.config.json.`, { file: run.database });
  }
  return refs;
}

/**
 * A fork's `--input`, checked by the contract's schema for startRun's input (as the app's is); a fork
 * takes an update or new input, exactly one. Throws INVALID_ARGUMENT naming the thread.
 */
function checkForkInput(run: CommandRun): void {
  const where = `thread "${run.threadId}" of "${run.database}"`;
  if (run.mode === "fork" && run.update === undefined && run.input === undefined) {
    throw new ChronographError("INVALID_ARGUMENT", `fork: give --update JSON (an edit, then run on) or --input JSON (start again with new input) for ${where}.`, { thread: run.threadId });
  }
  if (run.input === undefined) return;
  if (run.mode !== "fork") throw new ChronographError("INVALID_ARGUMENT", `${run.mode}: new input starts a fork; a ${run.mode} of ${where} takes none.`, { thread: run.threadId });
  if (run.update !== undefined) throw new ChronographError("INVALID_ARGUMENT", `fork: give --update (an edit, then run on) or --input (start again with new input) for ${where}, not both.`, { thread: run.threadId });
  const parsed = parseArgs("startRun", { threadId: run.threadId, namespace: "", mode: "fork", ...(run.checkpointId ? { checkpointId: run.checkpointId } : {}), input: run.input });
  if (!parsed.ok) throw new ChronographError("INVALID_ARGUMENT", `fork --input for ${where}: ${parsed.error.message.replace(/^startRun: /, "")}`, { thread: run.threadId });
}

/** Run `run` to its end; throws a coded error (one line) on failure. */
export async function runFromCommand(run: CommandRun): Promise<CommandRunResult> {
  checkForkInput(run);
  const database = resolve(run.cwd, run.database);
  const traits = KIND_TRAITS[detectKind(database)];
  if (traits.resumesElsewhere === "python") {
    const snippet = pythonResumeSnippet({ threadId: run.threadId, ...(run.checkpointId ? { checkpointId: run.checkpointId } : {}), ...(run.mode === "resume" ? { resume: run.resume } : {}), ...(run.update ? { update: run.update } : {}), ...(run.input !== undefined ? { input: run.input } : {}), ...(run.asNode ? { asNode: run.asNode } : {}) });
    throw new PythonElsewhere(`"${database}" was written by Python LangGraph, whose nodes Chronograph cannot run: run the Python printed above on your side.`, snippet, database);
  }
  const modules = modulesFor(run);
  return traits.graphCode === "langgraph-js" ? runLangGraph(run, database, modules) : runEngine(run, database, modules[0]!);
}

async function runLangGraph(run: CommandRun, database: string, modules: GraphModuleRef[]): Promise<CommandRunResult> {
  for (const [index, ref] of modules.entries()) {
    try {
      const result = await runInGraphHost(
        {
          kind: "run-langgraph",
          database,
          file: ref.module,
          ...(ref.exportName ? { exportName: ref.exportName } : {}),
          threadId: run.threadId,
          mode: run.mode,
          ...(run.checkpointId && run.mode !== "resume" ? { checkpointId: run.checkpointId } : {}),
          ...(run.update ? { update: run.update } : {}),
          ...(run.input ? { input: run.input } : {}),
          ...(run.asNode ? { asNode: run.asNode } : {}),
          ...(run.mode === "resume" ? { resume: run.resume } : {}),
        },
        { onEvent: run.onEvent },
      );
      return { written: result.written, warnings: result.warnings };
    } catch (error) {
      // Several graphs declared: the one whose nodes match the thread's history runs (checked before anything is written).
      const mismatch = (error as { code?: string }).code === "GRAPH_MISMATCH";
      if (!mismatch || index === modules.length - 1) throw error;
    }
  }
  throw new ChronographError("GRAPH_MODULE", `No graph module to run thread "${run.threadId}".`);
}

async function checkpointIds(database: string, threadId: string): Promise<string[]> {
  const store = SqliteSaver.open(database, { readonly: true });
  try {
    return (await store.list(threadId)).map((tuple) => tuple.record.checkpointId);
  } finally {
    await store.close();
  }
}

async function runEngine(run: CommandRun, database: string, ref: GraphModuleRef): Promise<CommandRunResult> {
  const [loaded] = await runInGraphHost({ kind: "load", path: ref.module, ...(ref.exportName ? { exportName: ref.exportName } : {}) });
  const before = new Set(await checkpointIds(database, run.threadId));
  if (before.size === 0) throw new ChronographError("THREAD_NOT_FOUND", `Thread "${run.threadId}" does not exist in "${database}".`, { thread: run.threadId });
  if (run.checkpointId !== undefined && !before.has(run.checkpointId)) {
    throw new ChronographError("CHECKPOINT_NOT_FOUND", `Checkpoint "${run.checkpointId}" does not exist in thread "${run.threadId}" of "${database}".`, { thread: run.threadId, checkpoint: run.checkpointId });
  }
  const onDatabase = { database, busyTimeoutMs: 5000, file: loaded!.file, exportName: loaded!.exportName, threadId: run.threadId };
  let from = run.checkpointId;
  if (run.mode === "fork" && from === undefined) throw new ChronographError("INVALID_ARGUMENT", `fork: thread "${run.threadId}" needs --checkpoint to fork from.`, { thread: run.threadId });
  if (run.input !== undefined) {
    checkInputChannels(run, database, loaded!.name, loaded!.description.channels.map((channel) => channel.name));
  } else if (run.mode === "fork" && from !== undefined) {
    const asNode = run.asNode ?? (await lastWriter(database, run.threadId, from));
    from = (await runInGraphHost({ kind: "update", ...onDatabase, checkpointId: from, values: run.update ?? {}, asNode, dryRun: false })).checkpointId;
  }
  await runInGraphHost(
    { kind: "run", ...onDatabase, breakpoints: [], ...(run.mode === "resume" ? { resume: { value: run.resume } } : from !== undefined ? { checkpointId: from } : {}), ...(run.input ? { input: run.input } : {}) },
    { onEvent: run.onEvent },
  );
  const written = (await checkpointIds(database, run.threadId)).filter((id) => !before.has(id)).reverse();
  return { written, warnings: [] };
}

/** Every channel of a fork's new input must be one of the graph's (before anything is written). Throws UNKNOWN_CHANNEL. */
function checkInputChannels(run: CommandRun, database: string, graphName: string, channels: string[]): void {
  const unknown = Object.keys(run.input ?? {}).find((channel) => !channels.includes(channel));
  if (unknown === undefined) return;
  throw new ChronographError("UNKNOWN_CHANNEL", `fork --input: graph "${graphName}" has no channel "${unknown}" (thread "${run.threadId}" of "${database}"; channels: ${channels.join(", ")}).`, {
    thread: run.threadId,
    channel: unknown,
  });
}

/** The node that wrote `checkpointId` (an edit as that node goes on as if it had written the update). */
async function lastWriter(database: string, threadId: string, checkpointId: string): Promise<string> {
  const store = SqliteSaver.open(database, { readonly: true });
  try {
    const record = (await store.getTuple(threadId, checkpointId))?.record as { writes?: Record<string, unknown> | null; source?: string } | undefined;
    const writer = Object.keys(record?.writes ?? {})[0];
    if (!writer) throw new ChronographError("INVALID_ARGUMENT", `fork: checkpoint "${checkpointId}" of thread "${threadId}" was written by no node; pass --as-node NODE.`, { thread: threadId, checkpoint: checkpointId });
    return writer;
  } finally {
    await store.close();
  }
}
