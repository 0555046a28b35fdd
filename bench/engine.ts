/**
 * The adapter contract: what the workloads need from an engine. Workloads describe their graphs once as
 * a `GraphDef` (plain data plus node functions); each engine translates it with its own public API, the
 * way a user of that engine would write it.
 */

export type Values = Record<string, unknown>;
export type StoreKind = "sqlite" | "memory" | "none";
export type EngineName = "chronograph" | "langgraph";

/** Graph endpoints in a GraphDef; each adapter maps them to its engine's START and END. */
export const GRAPH_START = "START";
export const GRAPH_END = "END";

export interface ChannelDef {
  /** "last": keeps the last value written. "append": `left.concat(right)`, default `[]`. */
  reducer: "last" | "append";
  initial: unknown;
}

export interface NodeDef {
  name: string;
  run: (state: Values) => Values;
}

export interface BranchDef {
  from: string;
  /** A node name or GRAPH_END. */
  route: (state: Values) => string;
  targets: string[];
}

export interface GraphDef {
  name: string;
  channels: Record<string, ChannelDef>;
  nodes: NodeDef[];
  /** Plain edges; GRAPH_START and GRAPH_END stand for the engine's endpoints. */
  edges: Array<[from: string, to: string]>;
  branches: BranchDef[];
}

/** One checkpoint as the workloads see it, whatever the engine's snapshot looks like. */
export interface HistoryEntry {
  checkpointId: string;
  parentId: string | null;
  step: number;
  /** The full materialized state at this checkpoint. */
  values: Values;
}

export interface SqliteSettings {
  journalMode: string;
  synchronous: string;
  pageSize: number;
}

export interface EngineStore {
  readonly kind: StoreKind;
  /** Commit and release the store; a sqlite file may then be measured or reopened. */
  close(): Promise<void>;
  /** The pragmas on the engine's own connection; null when the store is not SQLite. */
  settings(): SqliteSettings | null;
}

export interface EngineGraph {
  /** Run a thread from `input` to the end; resolves to the final state values. */
  run(threadId: string, input: Values): Promise<Values>;
  /** The thread's checkpoints, newest first, with full values; at most `limit` when given. */
  history(threadId: string, limit?: number): Promise<HistoryEntry[]>;
  /** One checkpoint by id, with full values. */
  load(threadId: string, checkpointId: string): Promise<HistoryEntry>;
  /** Ids of the thread's checkpoints, newest first. Bookkeeping, never timed: may use any cheap path. */
  checkpointIds(threadId: string): Promise<string[]>;
}

export interface Engine {
  readonly name: EngineName;
  /** Human label with version, e.g. "LangGraph.js 1.7.3". */
  readonly label: string;
  /** The store kinds this build of the engine offers; the runner skips the others and says so. */
  readonly stores: readonly StoreKind[];
  /** A sqlite store needs `path`; reopening the same path gives a new connection to the same data. */
  openStore(kind: StoreKind, path?: string): Promise<EngineStore>;
  compile(def: GraphDef, store: EngineStore): EngineGraph;
  /**
   * Bytes of serialized checkpoints, metadata and pending-write values in a closed sqlite file: the
   * blob size the W5 floor writes per row. Only the peer needs it.
   */
  serializedBytes?(path: string): number;
}
