/**
 * What the backend can do with an open database, decided in one place. Each kind of database has fixed
 * traits (who writes it, what graph code loads for it, why it cannot run); with what is loaded now they
 * give the capabilities DatabaseInfo carries. The backend asks the traits and the app asks the
 * capabilities, never the kind, so a new kind (Postgres, LangGraph runs) is one new row here.
 */
import type { DatabaseCapabilities, DatabaseKind } from "../api/types.ts";

export interface KindTraits {
  /**
   * Who writes its edits and runs: this engine (through its own saver), LangGraph's format (interop's
   * writer), or ChronographSaver (LangGraph.js's put and putWrites through the saver, saver-edits.ts).
   */
  writer: "engine" | "langgraph" | "saver";
  /** What graph code loads for it: engine modules (which run it), LangGraph.js modules (which only draw it), or none. */
  graphCode: "engine" | "langgraph-js" | null;
  /** Why graph code cannot be loaded for it (set when graphCode is null), in words for the user. */
  graphCodeRefusal?: string;
  /**
   * Why replay, fork and resume are unavailable; null when loaded engine code runs it. The function gets
   * whether graph code of the kind is loaded, and returns null when that code runs it (LangGraph.js on its
   * own LangGraph.js, graph-host/langgraph-run.ts).
   */
  runRefusal: ((codeLoaded: boolean) => string | null) | null;
  /** Why edits cannot be written to it, in words for the user; absent when they can. */
  editRefusal?: string;
  /** Set when its graph code runs only on the user's side, in this language: the app and CLI show what to run there. */
  resumesElsewhere?: "python";
  /** The step number of its first superstep that runs a node (DatabaseCapabilities.firstNodeStep). */
  firstNodeStep: number;
  /** Why the storage view cannot prune or VACUUM it, in words for the user; absent when it can. */
  pruneRefusal?: string;
}

/**
 * Where the database lives. A second dimension beside the kind rather than more kinds: the kind says who
 * wrote the history (shown to the user, and it picks the reader's format), the store says what the
 * backend can write through; a LangGraph schema is the same format in a SQLite file or on PostgreSQL.
 */
export type Store = "sqlite" | "postgres";

const LANGGRAPH_NO_PRUNE = "LangGraph's files stay as LangGraph wrote them (apart from edits): prune and VACUUM them with LangGraph's own tools.";

const NO_ENGINE_CODE = "No graph code is loaded: start Chronograph with --graph ./module.ts, or put a chronograph.config.json beside the database.";

export const KIND_TRAITS: Record<DatabaseKind, KindTraits> = {
  chronograph: { writer: "engine", graphCode: "engine", runRefusal: null, firstNodeStep: 0 },
  "langgraph-js": {
    writer: "langgraph",
    graphCode: "langgraph-js",
    firstNodeStep: 1,
    pruneRefusal: LANGGRAPH_NO_PRUNE,
    runRefusal: (codeLoaded) =>
      codeLoaded
        ? null
        : "This database was written by LangGraph.js: replay, fork and resume run its graph with LangGraph.js, so they need its graph code. Load the module (--graph ./src/agent.ts[:export], or a langgraph.json or chronograph.config.json beside the database).",
  },
  "chronograph-saver": {
    writer: "saver",
    graphCode: "langgraph-js",
    firstNodeStep: 1,
    pruneRefusal: "This file is written by LangGraph.js through ChronographSaver, which keeps its own history: the storage view prunes files Chronograph's engine writes.",
    // Runs go through LangGraph.js with ChronographSaver as the checkpointer (graph-host/langgraph-run.ts).
    runRefusal: (codeLoaded) =>
      codeLoaded
        ? null
        : "This database was written by LangGraph.js through ChronographSaver: replay, fork and resume run its graph with LangGraph.js, so they need its graph code. Load the module (--graph ./src/agent.ts[:export], or a langgraph.json or chronograph.config.json beside the database).",
  },
  "langgraph-py": {
    writer: "langgraph",
    graphCode: null,
    graphCodeRefusal: "it was written by Python LangGraph, whose graph code is Python. Its graph is inferred from the history.",
    resumesElsewhere: "python",
    firstNodeStep: 1,
    pruneRefusal: LANGGRAPH_NO_PRUNE,
    runRefusal: () =>
      "This database was written by Python LangGraph: replay, fork and resume need its Python graph code, which Chronograph cannot run. Edit state as a node here, then resume with Python LangGraph.",
  },
};

/** Traits of the kinds on PostgreSQL: Chronograph's schema as a file; LangGraph.js's tables edited in their own format and run on LangGraph.js, as a file is; Python's read only. */
export const POSTGRES_TRAITS: Record<DatabaseKind, KindTraits> = {
  // The engine's PostgresSaver writes it as SqliteSaver writes a file: the same runs and edits; the storage view reads SQLite files only.
  chronograph: { ...KIND_TRAITS.chronograph, pruneRefusal: "The storage view measures and prunes Chronograph SQLite files; on PostgreSQL, use the server's own tools (pg_total_relation_size, VACUUM)." },
  // The loaded LangGraph.js code runs on LangGraph.js with its PostgresSaver, as on a file (graph-host/langgraph-run.ts).
  "langgraph-js": KIND_TRAITS["langgraph-js"],
  // Read natively (interop/chronograph-saver/pg-source.ts); edits and runs written through ChronographSaver on the same URL, as on a file.
  "chronograph-saver": KIND_TRAITS["chronograph-saver"],
  "langgraph-py": {
    ...KIND_TRAITS["langgraph-py"],
    runRefusal: () => "These are LangGraph's PostgreSQL tables, written by Python LangGraph: replay, fork and resume need its Python graph code, which Chronograph cannot run. Resume with Python LangGraph.",
    editRefusal: "Editing Python LangGraph's PostgreSQL tables is not supported yet: the debugger writes them in LangGraph.js's format only. Edit with LangGraph's update_state.",
  },
};

/** The traits of a database of `kind` kept in `store`. */
export function traitsFor(kind: DatabaseKind, store: Store): KindTraits {
  return store === "postgres" ? POSTGRES_TRAITS[kind] : KIND_TRAITS[kind];
}

export interface LoadedCode {
  /** Engine graphs loaded and matched to the file: these run. */
  runnable: number;
  /** Graph code loaded that only draws the graph (LangGraph.js modules). */
  drawing: number;
  /** Why graph code declared for the database could not be loaded. */
  problems: readonly string[];
}

/** The capabilities of a database with these traits and this code loaded. */
export function capabilitiesOf(traits: KindTraits, loaded: LoadedCode): DatabaseCapabilities {
  const engine = traits.writer === "engine";
  const canRun = traits.runRefusal === null ? loaded.runnable > 0 : traits.runRefusal(loaded.drawing > 0) === null;
  const capabilities: DatabaseCapabilities = {
    canRun,
    // Every kind is edited in its own format where the store can be written; a checkpoint that cannot be written faithfully (a Python
    // payload that would not round-trip, a damaged row) is refused by the edit itself, saying why.
    canEdit: traits.editRefusal === undefined,
    canEditAsInput: engine && traits.editRefusal === undefined,
    // Every writer can store an edit's chosen next nodes (goto): LangGraph's format as routing channel writes, the engine as the
    // update checkpoint's tasks (applyUpdate's goto).
    canChooseNext: traits.editRefusal === undefined,
    runsOnEngine: traits.runRefusal === null,
    canLoadGraphCode: traits.graphCode !== null,
    hasGraphCode: loaded.runnable + loaded.drawing > 0,
    firstNodeStep: traits.firstNodeStep,
    canPrune: traits.pruneRefusal === undefined,
  };
  if (traits.pruneRefusal !== undefined) capabilities.pruneUnavailableReason = traits.pruneRefusal;
  if (traits.editRefusal !== undefined) capabilities.editUnavailableReason = traits.editRefusal;
  if (traits.resumesElsewhere !== undefined) capabilities.resumesElsewhere = traits.resumesElsewhere;
  if (!canRun) capabilities.runUnavailableReason = runUnavailableReason(traits, loaded);
  return capabilities;
}

function runUnavailableReason(traits: KindTraits, loaded: LoadedCode): string {
  const problems = loaded.problems.join(" ");
  const refusal = traits.runRefusal?.(loaded.drawing > 0);
  if (refusal) return problems ? `${refusal} ${problems}` : refusal;
  return problems || NO_ENGINE_CODE;
}
