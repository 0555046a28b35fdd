/**
 * THE contract between the debugger backend and the app. Method names come from `METHOD_ARGS`'s keys and
 * nowhere else; every argument is validated against its schema at the host boundary before it reaches
 * the backend. Transports (Electron IPC, HTTP/WebSocket, in-memory for tests) carry `call` and `listen`.
 */
import { z } from "zod";
import type { ErrorInfo } from "./errors.ts";
import type {
  BranchComparison,
  CheckpointEntry,
  CheckpointView,
  DatabaseChange,
  DatabaseInfo,
  DiffResult,
  ExportedBundle,
  GraphView,
  PrunePreview,
  PruneResult,
  StorageReport,
  VacuumResult,
  RunEvent,
  RunPreview,
  TaskExplanation,
  TimelineWindow,
  ThreadPage,
} from "./types.ts";
import { MAX_THREAD_PAGE } from "./thread-filter.ts";

// Keys that come from the caller index maps and SQL: bound their size and refuse control characters.
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
const key = z.string().min(1).max(512).regex(/^[^\u0000-\u001f]*$/, "must not contain control characters");
/**
 * Thread ids and namespaces come from the files themselves (LangGraph takes any string), so their bound
 * is wider than other keys': every thread a file lists can be opened. Still bounded, so a call stays small.
 */
export const MAX_THREAD_ID_LENGTH = 16_384;
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
const threadId = z.string().min(1).max(MAX_THREAD_ID_LENGTH).regex(/^[^\u0000-\u001f]*$/, "must not contain control characters");
const namespace = z.string().max(MAX_THREAD_ID_LENGTH).optional();
const thread = { threadId, namespace };
const stateValues = z.record(z.string().min(1).max(256), z.unknown());
/** The nodes an edit sends the run to next, by name. */
const gotoNodes = z.array(key).max(64).optional();

/** What a prune keeps and removes (core/checkpoint/types.ts PruneOptions), optionally in one thread. */
const pruneOptions = {
  keepLast: z.number().int().min(0).max(1_000_000).optional(),
  olderThan: z.number().int().min(0).optional(),
  threadId: threadId.optional(),
};

/** The most rows one getTimelineWindow answers (the default is 200). */
export const MAX_TIMELINE_WINDOW = 1000;

export const METHOD_ARGS = {
  /** Open a checkpoint database (read-only until the user edits or runs). */
  openDatabase: z.object({ path: z.string().min(1).max(4096) }),
  /** The open database, or null. */
  getDatabase: z.object({}),
  /** Recently opened files, newest first. */
  recentFiles: z.object({}),
  /** One page of threads (a row per thread, its subgraph namespaces inside), most recently updated first, filtered as core/api/thread-filter.ts defines. */
  listThreads: z.object({
    query: z.string().max(500).optional(),
    status: z.array(z.enum(["done", "interrupted", "error", "pending"])).max(4).optional(),
    offset: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(MAX_THREAD_PAGE).optional(),
  }),
  /** The graph of a thread: stored, loaded from code, or inferred from its history. */
  getGraph: z.object(thread),
  /** Every checkpoint of a thread without values, newest first, across all branches. */
  getTimeline: z.object(thread),
  /**
   * A window of a thread's timeline in display order (the rows a virtualized list shows), with the total
   * and, when `shape` is set, the whole thread's compact order for the branch gutter. `around` centres the
   * window on that checkpoint's row instead of starting at `offset`. Only the window's rows are sent.
   */
  getTimelineWindow: z.object({
    ...thread,
    offset: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(MAX_TIMELINE_WINDOW).optional(),
    around: key.optional(),
    shape: z.boolean().optional(),
  }),
  /** One checkpoint in full. */
  getCheckpoint: z.object({ ...thread, checkpointId: key }),
  /** What changed in the state from checkpoint `from` to checkpoint `to`. */
  diff: z.object({ ...thread, from: key, to: key }),
  /**
   * What would run next if `values` were written at the checkpoint as node `asNode`; writes nothing.
   * `goto` names the nodes that run next instead of the node's own routes (`[]` ends the run); where the
   * database's kind cannot choose (DatabaseCapabilities.canChooseNext false) it is refused.
   */
  previewUpdate: z.object({ ...thread, checkpointId: key, values: stateValues, asNode: key, goto: gotoNodes }),
  /** Write `values` as node `asNode` (then `goto`, as previewUpdate): a new checkpoint, child of the given one. */
  updateState: z.object({ ...thread, checkpointId: key, values: stateValues, asNode: key, goto: gotoNodes }),
  /** Run the loaded graph: replay or fork from a checkpoint, or resume an interrupt with a value. */
  startRun: z.object({
    ...thread,
    checkpointId: key.optional(),
    mode: z.enum(["replay", "fork", "resume"]),
    resumeValue: z.unknown().optional(),
    /** A fork only: start the graph again from the checkpoint with this input (a new branch whose first checkpoint is the input). */
    input: stateValues.optional(),
    /** Stop before these nodes during this run. */
    breakpoints: z.array(key).max(1000).optional(),
  }),
  /** Stop a run in flight. */
  stopRun: z.object({ runId: key }),
  /** Load the graph module for the open database (a module exporting a compiled graph). */
  loadGraphModule: z.object({ path: z.string().min(1).max(4096), exportName: key.optional() }),
  /**
   * Trust a folder (the user agreed, having been shown the module paths): remembered across launches,
   * covering its subfolders. When the open database is in it, the modules its config names load now.
   * Resolves to the open database (or null). Throws FILE_NOT_FOUND for a folder that does not exist.
   */
  trustFolder: z.object({ folder: z.string().min(1).max(4096) }),
  /**
   * Forget a trusted folder. When the open database's code came from it, the database is reopened
   * without code (read-only). Resolves to the open database (or null). Revoking an untrusted folder is a no-op.
   */
  revokeTrust: z.object({ folder: z.string().min(1).max(4096) }),
  /** The trusted folders, in the order they were trusted. */
  listTrustedFolders: z.object({}),
  /** Why `node` runs from a checkpoint: channels changed since it last ran, who changed them and when (core/debugger/why-ran.ts). */
  explainTask: z.object({ ...thread, checkpointId: key, node: key }),
  /** What a replay, fork or resume from a checkpoint would run again and which finished work it keeps; runs nothing. */
  previewRun: z.object({ ...thread, checkpointId: key, mode: z.enum(["replay", "fork", "resume"]) }),
  /**
   * Two checkpoints' histories (e.g. two branch heads) aligned step by step from their common ancestor,
   * with the state diff at every aligned step and the first divergent one; paged (at most 500 rows).
   */
  compareBranches: z.object({ ...thread, left: key, right: key, offset: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(500).optional() }),
  /**
   * What to run on the user's side to go on from a checkpoint of a Python LangGraph file (its nodes are
   * Python, which Chronograph cannot run): Python text with the thread id, checkpoint id and the Command.
   */
  pythonSnippet: z.object({ ...thread, checkpointId: key, resumeValue: z.unknown().optional(), values: z.record(z.string(), z.unknown()).optional(), asNode: key.optional() }),
  /**
   * A thread (or, with `checkpointId`, the branch ending there) as a portable bundle (core/debugger/bundle.ts),
   * each `redact` path (e.g. `$.values.api_key`, `$.values.messages[*].content`) replaced by "[redacted]".
   * Returns the bundle's JSON text; the app saves it (a download in web mode). Writes nothing.
   */
  exportThread: z.object({ ...thread, checkpointId: key.optional(), redact: z.array(z.string().min(2).max(1000)).max(64).optional() }),
  /**
   * What a Chronograph SQLite file spends its bytes on: the file's figures, bytes per thread (largest
   * first, paged) and per channel of `threadId` (default: the largest thread); per channel over the whole
   * file only with `fileChannels` (it parses every stored version: seconds per 100 MB). Refused
   * (READ_ONLY, with the reason) where DatabaseCapabilities.canPrune is false.
   */
  storageReport: z.object({ threadId: threadId.optional(), fileChannels: z.boolean().optional(), offset: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(500).optional() }),
  /**
   * Exactly which checkpoints a prune would delete (keep the newest `keepLast` of every thread, and/or only
   * those created before `olderThan`, ms since the epoch; of `threadId` alone when given), decided by the
   * rule the prune applies; writes nothing. Lists the ids of `listThreadId`'s doomed checkpoints (default:
   * `threadId`, else the thread losing most), paged. Give at least one of keepLast and olderThan.
   */
  prunePreview: z.object({ ...pruneOptions, listThreadId: threadId.optional(), offset: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(1000).optional() }),
  /** Delete what the preview with the same options listed; refused with STALE_PREVIEW when the database changed since (`token` is the preview's). */
  prune: z.object({ ...pruneOptions, token: z.string().min(1).max(128) }),
  /** VACUUM the file (after a prune) so it gives the freed pages back; returns its size before and after. */
  vacuum: z.object({}),
} as const;

export type MethodName = keyof typeof METHOD_ARGS;
export const METHOD_NAMES = Object.keys(METHOD_ARGS) as MethodName[];
export type MethodArgs<M extends MethodName> = z.input<(typeof METHOD_ARGS)[M]>;

export interface MethodResults {
  openDatabase: DatabaseInfo;
  getDatabase: DatabaseInfo | null;
  recentFiles: string[];
  listThreads: ThreadPage;
  getGraph: GraphView;
  getTimeline: CheckpointEntry[];
  getTimelineWindow: TimelineWindow;
  getCheckpoint: CheckpointView;
  diff: DiffResult;
  previewUpdate: { next: string[] };
  updateState: { checkpointId: string };
  startRun: { runId: string };
  stopRun: { stopped: boolean };
  loadGraphModule: DatabaseInfo;
  trustFolder: DatabaseInfo | null;
  revokeTrust: DatabaseInfo | null;
  listTrustedFolders: string[];
  explainTask: TaskExplanation;
  previewRun: RunPreview;
  compareBranches: BranchComparison;
  pythonSnippet: { snippet: string };
  exportThread: ExportedBundle;
  storageReport: StorageReport;
  prunePreview: PrunePreview;
  prune: PruneResult;
  vacuum: VacuumResult;
}

/**
 * How a call can be abandoned, as VS Code's CancellationToken: when `signal` aborts, the transport tells
 * the backend, whose long reads stop with CANCELLED. Not part of the arguments: it never crosses as data.
 */
export interface CallOptions {
  signal?: AbortSignal;
}

/** The backend, as one interface: every method takes one JSON object and resolves to JSON. */
export type DebuggerApi = { [M in MethodName]: (args: MethodArgs<M>, options?: CallOptions) => Promise<MethodResults[M]> };

export interface EventPayloads {
  /** Progress of runs started with startRun. */
  onRunEvent: RunEvent;
  /** Another process (or a run) wrote to the open database. */
  onDatabaseChanged: DatabaseChange;
}
export type EventName = keyof EventPayloads;
export const EVENT_NAMES: EventName[] = ["onRunEvent", "onDatabaseChanged"];

/** What travels back for a call: a value, or a coded error that names the problem. */
export type CallResult<T = unknown> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** The two primitives every transport provides. */
export interface Transport {
  /** Resolves to CANCELLED (or the value, when it came first) once `options.signal` aborts. */
  call(method: MethodName, args: unknown, options?: CallOptions): Promise<CallResult>;
  listen<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
}

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === "string" && Object.hasOwn(METHOD_ARGS, name);
}

/** Validate a call's arguments; returns the parsed args or an INVALID_ARGUMENT error naming the field. */
export function parseArgs<M extends MethodName>(method: M, args: unknown): { ok: true; value: z.output<(typeof METHOD_ARGS)[M]> } | { ok: false; error: ErrorInfo } {
  const parsed = METHOD_ARGS[method].safeParse(args ?? {});
  if (parsed.success) return { ok: true, value: parsed.data as z.output<(typeof METHOD_ARGS)[M]> };
  const issue = parsed.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join(".") : "arguments";
  return { ok: false, error: { code: "INVALID_ARGUMENT", message: `${method}: ${field} ${issue?.message ?? "is invalid"}.`, subject: { method, field } } };
}
