/**
 * What the backend and a graph host (the process that imports a user's graph module) say to each other,
 * over Node's IPC channel and fd 4 (forked) or a MessagePort (an Electron utility process, broker.ts). The backend never imports user code: it sends one job per child, and
 * keeps only what comes back as plain data (each graph's name, topology hash and description).
 */
import type { ErrorInfo } from "../../api/errors.ts";
import type { GraphView } from "../../api/types.ts";
import type { GraphDescription } from "../../graph/describe.ts";

/** A graph found in a user's module, as the backend knows it: data only, no code. */
export interface GraphCode {
  /** Absolute path of the module. */
  file: string;
  /** The export the graph was found under ("default" for a default export). */
  exportName: string;
  name: string;
  topologyHash: string;
  description: GraphDescription;
}

/** A compiled LangGraph.js graph found in a user's module: it only draws the threads it fits. */
export interface LoadedCodeGraph {
  /** Absolute path of the module. */
  file: string;
  /** The export the graph was found under. */
  exportName: string;
  /** The graph as it draws itself, origin "code". */
  view: GraphView;
}

/** Where a job that reads or writes the database finds it, and which graph it runs. */
interface OnDatabase {
  database: string;
  busyTimeoutMs: number;
  file: string;
  exportName: string;
  threadId: string;
}

export type HostJob =
  | { kind: "load"; path: string; exportName?: string }
  | { kind: "load-langgraph"; path: string; exportName?: string }
  | (OnDatabase & { kind: "update"; checkpointId: string; values: Record<string, unknown>; asNode: string; goto?: string[]; dryRun: boolean })
  /** `runId`: the app's id for the run, recorded on every checkpoint it writes (RunConfig.runId). */
  | (OnDatabase & { kind: "run"; runId?: string; checkpointId?: string; resume?: { value: unknown }; input?: Record<string, unknown>; breakpoints: string[] })
  | LangGraphRunJob;

/** Run a LangGraph.js graph with LangGraph.js itself against a LangGraph.js SQLite file (langgraph-run.ts). */
export interface LangGraphRunJob {
  kind: "run-langgraph";
  database: string;
  file: string;
  /** The export holding the graph; default: the first export that is one. */
  exportName?: string;
  threadId: string;
  mode: "replay" | "fork" | "resume";
  /** Where a replay starts (default: the newest) or a fork branches off. */
  checkpointId?: string;
  /** A fork's new input: the graph starts again from the checkpoint with it (instead of an update). */
  input?: Record<string, unknown>;
  /** A fork's update, written by updateState as `asNode`. */
  update?: Record<string, unknown>;
  asNode?: string;
  /** A resume's value (a map of interrupt ids to values when several wait). */
  resume?: unknown;
  interruptBefore?: string[];
  interruptAfter?: string[];
}

export interface LangGraphRunResult {
  /** The export the graph was found under. */
  exportName: string;
  /** The checkpoints the run wrote, oldest first. */
  written: string[];
  /** E.g. the user's project lacks LangGraph.js, so Chronograph's own copy ran. */
  warnings: string[];
}

export interface HostResults {
  load: GraphCode[];
  "load-langgraph": LoadedCodeGraph[];
  /** The new checkpoint (not stored on a dry run) and the nodes it would run next. */
  update: { checkpointId: string; next: string[] };
  /** The last checkpoint the run wrote, or null. */
  run: { lastCheckpointId: string | null };
  "run-langgraph": LangGraphRunResult;
}

/** Progress of a run, as the child streams it. */
export type HostRunEvent =
  | { type: "node"; node: string; phase: "start" | "end" | "error"; durationMs?: number; message?: string }
  | { type: "checkpoint"; checkpointId: string; step: number };

export type ParentMessage = { type: "job"; job: HostJob } | { type: "abort" };

export type ChildMessage =
  | { type: "event"; event: HostRunEvent }
  | { type: "done"; ok: true; value: unknown }
  /** `uncoded`: the failure was the graph's own exception, not one of Chronograph's coded errors. */
  | { type: "done"; ok: false; error: ErrorInfo; uncoded: boolean; lastCheckpointId: string | null };
