/**
 * The plain-JSON shapes the debugger backend hands to the app (and `chronograph inspect --json` prints).
 * Whatever wrote the database (Chronograph, LangGraph.js, Python LangGraph), the app sees these shapes.
 * No Node, no DOM: this file is shared by the backend and the renderer.
 */
import type { ErrorCode } from "./errors.ts";

/** "chronograph-saver": LangGraph.js history kept by ChronographSaver (core/langgraph-saver), its `lg_` tables. */
export type DatabaseKind = "chronograph" | "langgraph-js" | "langgraph-py" | "chronograph-saver";
/** What made a checkpoint: the graph's input, a superstep of the loop, an edit (updateState), or a fork. */
export type CheckpointSource = "input" | "loop" | "update" | "fork";
/** How a thread's newest checkpoint reads (core/checkpoint/thread-status.ts decides it). */
export type ThreadStatus = "done" | "interrupted" | "error" | "pending";

/**
 * What the open database allows, set by the backend (core/debugger/capabilities.ts). Views ask these,
 * never `kind`, so a new kind of database changes no view.
 */
export interface DatabaseCapabilities {
  /** Whether replay, fork and resume can run: graph code that runs on this engine is loaded for it. */
  canRun: boolean;
  /** Why running is unavailable, in words for the user (when canRun is false). */
  runUnavailableReason?: string;
  /** Whether edits (updateState as a node) can be written to it, and why not. */
  canEdit: boolean;
  editUnavailableReason?: string;
  /** Whether an edit may be written as the graph's input (START) as well as a node. */
  canEditAsInput: boolean;
  /** Whether an edit may choose the nodes that run after it (previewUpdate/updateState's `goto`). */
  canChooseNext: boolean;
  /** Set when its graph runs only on the user's side, in this language: the app shows what to run there (pythonSnippet). */
  resumesElsewhere?: "python";
  /** Whether its graphs run on Chronograph's engine once their code is loaded (so graph-view breakpoints apply). */
  runsOnEngine: boolean;
  /** Whether graph code can be loaded for it (to run it, or only to draw its graph); false when its code is not JavaScript. */
  canLoadGraphCode: boolean;
  /** Whether graph code is loaded for it (running its graphs, or drawing them). */
  hasGraphCode: boolean;
  /**
   * The step number of the first superstep that runs a node: 0 for Chronograph's engine (the input is
   * step -1), 1 for LangGraph (START's own step is 0). "Steps run" = last step - this + 1.
   */
  firstNodeStep: number;
  /** Whether the storage view may prune and VACUUM it (Chronograph SQLite files), and why not. */
  canPrune: boolean;
  pruneUnavailableReason?: string;
}

export interface DatabaseInfo extends DatabaseCapabilities {
  path: string;
  /** Who wrote the file: for display. What the app may do with it is in the capabilities. */
  kind: DatabaseKind;
  /** True until the user edits or runs something; the file was opened read-only. */
  readOnly: boolean;
  /** Threads in the database; while a big file's threads are still counted (ThreadPage.counting), those found so far. */
  threadCount: number;
  /**
   * Counts the databases this backend has opened: a larger number is a later open. Lets the app tell a
   * late notice about a database it has since replaced from a switch made elsewhere (a menu, a relaunch).
   */
  generation?: number;
  /** Workspace trust: whether graph code named by a config beside the database was loaded. */
  trust?: DatabaseTrust;
  /** Set when the user opened a bundle: the bundle file; `path` is then its read-only imported copy. */
  bundle?: string;
}

/**
 * Opening a database never runs code. When a chronograph.config.json beside it names graph modules, they
 * load only once its folder is trusted (trustFolder); until then everything read-only works.
 */
export interface DatabaseTrust {
  /** "none": no config names modules; "untrusted": it does, and nothing was loaded; "trusted": they were loaded (or tried). */
  state: "none" | "untrusted" | "trusted";
  /** The database's folder, realpath'd: what trustFolder and revokeTrust take. */
  folder: string;
  /** Absolute paths of the modules the config names: exactly what trusting would import. */
  modules: string[];
  /** The config file that names them, when there is one. */
  configFile?: string;
}

/** A thread as the contract names it: its id and checkpoint namespace ("" for the root graph). Its string form is threadKeyString (thread-key.ts). */
export interface ThreadKey {
  threadId: string;
  /** "" for the root graph; subgraphs have their own. */
  namespace: string;
}

export interface ThreadRow {
  threadId: string;
  /** Checkpoint namespace ("" for the root graph; subgraphs have their own). */
  namespace: string;
  graphName: string | null;
  status: ThreadStatus;
  /** The nodes whose writes made the thread's newest checkpoint, in name order; empty for an input or a fork. */
  writers: string[];
  step: number;
  checkpointCount: number;
  branchCount: number;
  headCheckpointId: string;
  createdAt: number | null;
  updatedAt: number | null;
  /**
   * The thread's subgraph namespaces (LangGraph's checkpoint_ns), newest first, on rows of the paged
   * thread list (listThreads): a thread is one row for its root graph and its subgraphs sit inside it.
   */
  namespaces?: NamespaceSummary[];
}

/** One subgraph namespace of a thread, as its thread row lists it. */
export interface NamespaceSummary {
  namespace: string;
  status: ThreadStatus;
  checkpointCount: number;
  headCheckpointId: string;
  updatedAt: number | null;
}

/** Which threads listThreads answers: filtered by text and status (core/api/thread-filter.ts), then one page. */
export interface ThreadQuery {
  query?: string;
  status?: ThreadStatus[];
  /** Rows to skip (0 when absent). */
  offset?: number;
  /** At most this many rows (MAX_THREAD_PAGE when absent). */
  limit?: number;
}

/** One page of the thread list, most recently updated first. */
export interface ThreadPage {
  rows: ThreadRow[];
  /** The offset the page starts at. */
  offset: number;
  /** Threads matching the query and status (every page together). */
  total: number;
  /** Threads matching the text query, per status (for the filter chips); absent when not known cheaply. */
  counts?: Record<ThreadStatus, number>;
  /**
   * True while the reader is still counting the threads (a big LangGraph file just opened): the rows are the
   * newest, as the full order has them, but `total` only reaches the end of this page. The backend sends
   * onDatabaseChanged once the count is done, and the page asked again has the total.
   */
  counting?: boolean;
  /**
   * Set while a big LangGraph file's statuses are still decided in the background and the page has a status
   * filter: rows, `total` and `counts` are of the first `decided` threads of `threads` (newest first) only,
   * the first rows the full answer has, in its order. The backend sends onDatabaseChanged once every status is
   * decided, and the page asked again is the full answer. `threads` is absent while the threads are still
   * counted (`counting` too: the newest threads only, and a notice once they are counted).
   */
  statusCounting?: { decided: number; threads?: number };
}

export interface TaskView {
  id: string;
  name: string;
  /** Error of the task's latest failed attempt (node, message, stack). */
  error?: { name: string; message: string; stack?: string };
  /** Unanswered interrupts raised by the task, with their payloads. */
  interrupts: Array<{ id: string; value: unknown }>;
  /** What the task returned, when saved as a pending write before the step's checkpoint. */
  result?: unknown;
  /** For a task a Send started: the Send's argument (what the node was handed instead of the state). */
  arg?: unknown;
  /** The task's step completed: a later checkpoint holds its writes. Absent when not known. */
  stepCompleted?: boolean;
}

export interface PendingWriteView {
  taskId: string;
  node: string;
  /** "update" (a finished task's write), "error", "interrupt", "resume", or a LangGraph channel name. */
  kind: string;
  value: unknown;
}

/** A static breakpoint (interruptBefore/interruptAfter) that stopped a run: before or after these nodes. */
export interface Breakpoint {
  when: "before" | "after";
  nodes: string[];
}

/** One checkpoint without its values: what a timeline row needs. */
export interface CheckpointEntry {
  checkpointId: string;
  parentId: string | null;
  step: number;
  source: CheckpointSource;
  /** Nodes whose writes produced this checkpoint, in name order. */
  writers: string[];
  /** Nodes that run next. */
  next: string[];
  createdAt: number | null;
  /** Longest task duration of the step, when recorded. */
  durationMs: number | null;
  /** Tasks of this checkpoint that failed (node names). */
  errors: string[];
  /** Tasks of this checkpoint waiting on an interrupt raised with ctx.interrupt (node names). */
  interrupted: string[];
  /** The static breakpoint that stopped the run at this checkpoint, or null. Not an interrupt: nothing awaits an answer. */
  breakpoint: Breakpoint | null;
  /** Tasks of this checkpoint whose interrupt has been answered with a resume value (node names); absent when none or not known. */
  answered?: string[];
  /** The run (one invoke or stream, LangGraph's `run_id`) that wrote this checkpoint, when recorded. */
  runId?: string;
  /** Where this checkpoint stands among the thread's runs (getTimeline decides it over the whole thread); absent without a runId. */
  run?: RunMark;
  /**
   * Set when a step failed here and later ran to a checkpoint on this branch anyway (a retry or a resume):
   * the nodes that failed, and the number of the run that got past them (null when runs are not recorded).
   */
  errorFixed?: { nodes: string[]; run: number | null };
}

/** How a run's newest checkpoint left the thread. */
export type RunEnd = "finished" | "unfinished" | "failed" | "interrupted" | "breakpoint";

/** A checkpoint's place among its thread's runs (core/debugger/run-boundaries.ts). */
export interface RunMark {
  /** 1 for the run that wrote the thread's oldest recorded checkpoint, then in the order runs began. */
  number: number;
  /**
   * Set on the first checkpoint a run wrote after another run's checkpoint on the same branch: how this
   * run began (a new input, resuming where the other stopped, a replay's fork, or running on from a state
   * edit) and how the run before
   * it ended, at its newest checkpoint (step, and the nodes that failed, waited or were next; for a
   * breakpoint, its nodes and whether it stopped before or after them).
   */
  started?: { how: "input" | "resumed" | "replayed" | "edited"; previous: { number: number; step: number; end: RunEnd; nodes: string[]; when?: "before" | "after" } };
  /** Set on a run's newest checkpoint when a later run took over from it and it had not finished. */
  ended?: Exclude<RunEnd, "finished">;
}

/** One checkpoint in full, as `inspect --json` prints it and the inspector shows it. */
export interface CheckpointView extends CheckpointEntry {
  threadId: string;
  namespace: string;
  tasks: TaskView[];
  pendingWrites: PendingWriteView[];
  /** Channel values (only the state's fields; engine-internal channels left out). */
  values: Record<string, unknown>;
  /** What each writer node returned, by node name (null for input/fork checkpoints without writes). */
  writes: Record<string, unknown> | null;
  /**
   * Problems met while reading this checkpoint, in words that name the thing (a payload that could not
   * be decoded, a missing parent, a value rebuilt from ancestors). Absent when there were none.
   */
  warnings?: string[];
}

export interface GraphView {
  name: string;
  nodes: Array<{ id: string; kind: "start" | "end" | "node" }>;
  edges: Array<{ from: string; to: string; kind: "fixed" | "conditional" | "join" }>;
  /** How the topology is known: stored with the checkpoints, loaded from code, or inferred from history. */
  origin: "stored" | "code" | "inferred";
  /** For inferred graphs: from how many checkpoints. */
  inferredFrom?: number;
}

export interface DiffChange {
  /** Path from the state's root, e.g. ["messages", "3", "content"]. */
  path: string[];
  kind: "added" | "removed" | "changed";
  before?: unknown;
  after?: unknown;
}

/** `exportThread`: a bundle as JSON text, the file name to save it under, and what it holds. */
export interface ExportedBundle {
  fileName: string;
  text: string;
  checkpoints: number;
  /** Each redaction path and how many values it replaced. */
  redacted: Array<{ path: string; matches: number }>;
}

export interface DiffResult {
  from: string;
  to: string;
  changes: DiffChange[];
}

/** `chronograph inspect FILE --json` output. */
export interface InspectOutput {
  kind: DatabaseKind;
  threads: Array<{ threadId: string; namespace: string; checkpoints: CheckpointView[] }>;
}

/**
 * A whole thread's timeline order, compact: what the branch-lane gutter, keyboard moves and scrolling to
 * a checkpoint need for every row, without the rows themselves (core/api/timeline-order.ts decides it).
 */
export interface TimelineShape {
  /** Checkpoint ids in display order: branches oldest first, each a contiguous block below its fork point. */
  ids: string[];
  /** Per row, the row of its parent (-1 for a root). `parents[r] === r - 1` continues the branch above; anything else starts one. */
  parents: number[];
}

/** One window of a thread's timeline (getTimelineWindow): the rows the virtualized list shows, with totals. */
export interface TimelineWindow {
  /** Checkpoints in the thread (every branch). */
  total: number;
  /** The display row the window starts at. */
  offset: number;
  /** Rows offset.. offset + entries.length - 1, in display order. */
  entries: CheckpointEntry[];
  /** The newest checkpoint of the thread (its head), or null for an empty thread. */
  headId: string | null;
  /** The whole thread's order, when asked for (`shape: true`). */
  shape?: TimelineShape;
}

export type RunMode = "replay" | "fork" | "resume";

export type RunEvent =
  | { runId: string; threadId: string; type: "started"; fromCheckpointId: string | null }
  | { runId: string; threadId: string; type: "node"; node: string; phase: "start" | "end" | "error"; durationMs?: number; message?: string }
  /** `entry`: the new checkpoint's timeline row, so the app appends it instead of asking for the timeline again. */
  | { runId: string; threadId: string; type: "checkpoint"; checkpointId: string; step: number; entry?: CheckpointEntry }
  | { runId: string; threadId: string; type: "finished"; status: ThreadStatus; checkpointId: string | null }
  | { runId: string; threadId: string; type: "failed"; error: { code: ErrorCode; message: string } };

export interface DatabaseChange {
  /** Threads that gained checkpoints or writes since the last notice. */
  threadIds: string[];
  /**
   * Set when the open database itself changed: another file was opened (from a menu, the command line, a
   * second launch) or graph code was loaded. The app reloads everything it shows from this database.
   */
  database?: DatabaseInfo;
}

/**
 * One checkpoint's channel bookkeeping, for "why did this node run" (core/debugger/why-ran.ts). Read
 * through HistorySource.getVersions: Chronograph and LangGraph files both keep channel versions.
 */
export interface CheckpointVersions {
  checkpointId: string;
  parentId: string | null;
  step: number;
  /** Nodes whose writes produced this checkpoint. */
  writers: string[];
  /** What each writer returned, by node (as CheckpointView.writes). */
  writes: Record<string, unknown> | null;
  /** channel -> version, as a string (Chronograph: the id of the checkpoint that wrote it; LangGraph: channel_versions). */
  versions: Record<string, string>;
  /** node -> channel -> the version it last consumed (LangGraph's versions_seen); null when the file keeps none (Chronograph). */
  versionsSeen: Record<string, Record<string, string>> | null;
  /** Routing channels -> the node they schedule (branch:to:N, join channels). */
  routes: Record<string, string>;
  /** Ids of this checkpoint's next tasks that a Send created, with their node. */
  sends: Array<{ taskId: string; node: string }>;
}

/** A channel that changed since a node last ran, and who changed it. */
export interface TaskTrigger {
  channel: string;
  version: string;
  /** The checkpoint whose writes bumped the channel to `version`, and its step (null when outside the history read). */
  changedAtCheckpointId: string | null;
  changedAtStep: number | null;
  /** The writer nodes of that checkpoint that wrote the channel (all its writers when the writes do not say). */
  changedBy: string[];
}

/** `explainTask`: why `node` runs (or ran) from a checkpoint. */
export interface TaskExplanation {
  node: string;
  checkpointId: string;
  /** Whether the node is among the checkpoint's next tasks. */
  scheduled: boolean;
  /** Channels changed since the node last ran, oldest change first. */
  triggers: TaskTrigger[];
  /**
   * The edges from this checkpoint's writers that lead to the node, per the graph's edges (stored, from
   * code, or inferred): "conditional" for a router's, "join" for a fan-in, "send" for Send tasks;
   * "unknown" when no edge does (a Command's goto). Empty when the node is not scheduled here.
   */
  scheduledBy: Array<{ from: string; edge: "fixed" | "conditional" | "join" | "send" | "unknown" }>;
  /** Send tasks for the node at this checkpoint, created by the writers of the step that produced it. */
  sends: Array<{ taskId: string; sentBy: string[]; sentAtStep: number }>;
  /** Where the node last wrote before this checkpoint (this one included); null when it never ran on this branch. */
  lastRanAtStep: number | null;
  lastRanCheckpointId: string | null;
}

/** `previewRun`: what a replay, fork or resume from a checkpoint would do, without running anything. */
export interface RunPreview {
  checkpointId: string;
  mode: RunMode;
  /** Tasks that will run (again): the checkpoint's next tasks without a finished write. */
  willRun: Array<{ taskId: string; node: string }>;
  /** Tasks that already finished at this checkpoint: their pending writes are kept, not re-run. */
  kept: Array<{ taskId: string; node: string; value: unknown }>;
  /** Tasks waiting on an interrupt (a resume answers them). */
  waiting: Array<{ taskId: string; node: string }>;
}

/** One aligned step of a branch compare: a checkpoint of each side (or of one side only) and the state diff between them. */
export interface CompareRow {
  /** Position among all aligned rows (0 = first step after the common ancestor). */
  index: number;
  left: CheckpointEntry | null;
  right: CheckpointEntry | null;
  /** "step": same step number; "writer": steps differ, same writer nodes; "none": a checkpoint only one side has. */
  alignedBy: "step" | "writer" | "none";
  sameWriters: boolean;
  /** What changed from the left state to the right state (empty when a side is missing). */
  changes: DiffChange[];
  /** A side is missing, or writers or values differ. */
  divergent: boolean;
}

/** `compareBranches`: two checkpoints' histories aligned step by step from their common ancestor. */
export interface BranchComparison {
  left: string;
  right: string;
  /** The newest checkpoint both histories share (null when they share none). */
  ancestorId: string | null;
  rows: CompareRow[];
  /** The first divergent row among rows 0 .. the end of this page, or null when none of them diverge. */
  firstDivergent: number | null;
  /** This page: rows offset .. offset + rows.length of totalRows. */
  offset: number;
  totalRows: number;
  /** True when rows after this page were left out (ask again with a larger offset). */
  truncated: boolean;
}

/** Bytes a thread's history stores (checkpoint rows, large values, pending writes) in a Chronograph SQLite file. */
export interface ThreadStorage {
  threadId: string;
  checkpoints: number;
  bytes: number;
}

/** Bytes a channel's stored versions take (inline JSON plus large values). */
export interface ChannelStorage {
  channel: string;
  /** How many checkpoints store a version of it. */
  versions: number;
  bytes: number;
}

/** `storageReport`: what a Chronograph SQLite file spends its bytes on. */
export interface StorageReport {
  file: string;
  /** The file's size plus its WAL's. */
  fileBytes: number;
  walBytes: number;
  pageSize: number;
  pageCount: number;
  freePages: number;
  /** Bytes of pages per table and index, largest first. */
  tables: Array<{ name: string; bytes: number }>;
  /** Bytes of stored data over every thread (the sum of ThreadStorage.bytes). */
  totalBytes: number;
  threadCount: number;
  /** This page of threads, largest first: offset .. offset + threads.length of threadCount. */
  threads: ThreadStorage[];
  offset: number;
  /** Bytes per channel over the whole file, largest first (only when storageReport's fileChannels is set). */
  channels?: ChannelStorage[];
  /** Bytes per channel of the thread asked for (storageReport's threadId; default: the largest thread); absent in a file without threads. */
  thread?: { threadId: string; channels: ChannelStorage[] };
}

/** `prunePreview`: exactly what a prune with these options would delete; nothing is written. */
export interface PrunePreview {
  /** Give this to `prune`: it refuses (STALE_PREVIEW) when the database no longer says the same. */
  token: string;
  /** Checkpoints removed in all. */
  removed: number;
  /** Bytes of stored data the removed checkpoints hold (survivors may take whole copies of values they read, so a little less is freed). */
  bytes: number;
  /** Per thread with any removal, largest removal first: how many go and how many stay. */
  threads: Array<{ threadId: string; removed: number; kept: number }>;
  /** The ids (oldest first) of one thread's doomed checkpoints: offset .. offset + ids.length of total. */
  listed: { threadId: string; ids: string[]; offset: number; total: number } | null;
}

/** `prune`: what was removed, and the file's size afterwards (VACUUM gives the space back to the disk). */
export interface PruneResult {
  removed: number;
  fileBytes: number;
}

/** `vacuum`: the file's size before and after. */
export interface VacuumResult {
  beforeBytes: number;
  afterBytes: number;
}
