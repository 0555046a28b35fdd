/**
 * One open database: its reader, the graph code loaded for it, the thread rows held in memory, and the
 * writable connection opened only once the user edits or runs. The service holds at most one session.
 * LangGraph databases get their own writer (interop's LangGraphWriter, in the file's own format) and may
 * have LangGraph.js code loaded to draw their graph; runs stay with LangGraph itself.
 */
import { resolve } from "node:path";
import { ChronographError } from "../api/errors.ts";
import type { HistorySource } from "../api/history-source.ts";
import type { DatabaseInfo, DatabaseKind, GraphView, ThreadKey, ThreadPage, ThreadQuery, ThreadRow } from "../api/types.ts";
import { LangGraphWriter } from "../interop/index.ts";
import type { LangGraphEditor } from "../interop/edit/editor.ts";
import { capabilitiesOf, type KindTraits } from "./capabilities.ts";
import type { Checkpointer } from "../checkpoint/types.ts";
import { runInGraphHost } from "./graph-host/host.ts";
import type { GraphProcessLauncher } from "./graph-host/launcher.ts";
import type { GraphCode, LoadedCodeGraph } from "./graph-host/protocol.ts";
import { GraphCatalog } from "./graph-catalog.ts";
import { codeGraphFor, matchGraphs, type StoredGraphs } from "./graph-match.ts";
import { storedGraphsOf } from "./stored-graphs.ts";
import { openDatabase, type EngineReader } from "./sources.ts";
import { openPostgresLangGraphWriter } from "./postgres-langgraph-writer.ts";
import { isPostgresUrl } from "../storage/postgres/langgraph-reads.ts";
import { MAX_THREAD_PAGE } from "../api/thread-filter.ts";
import { changedStamps, changedThreadIds, indexRows, pageOf, rollUp, type IndexedRows } from "./thread-list.ts";

/** Threads a big file's inferred graph is drawn from: the most recently updated ones. */
const GRAPH_SAMPLE = 100;
/** Longer threads are left out of another thread's sample (each would be decoded whole just to draw it). */
const GRAPH_SAMPLE_LONGEST = 1000;

/** A page row as listThreads gives it: the thread's root namespace alone. */
function withoutNamespaces({ namespaces: _, ...row }: ThreadRow): ThreadRow {
  return row;
}

/** Page rows (one per thread) and, after each, a row per subgraph namespace, as the graph catalog groups them. */
function withNamespaceRows(rows: readonly ThreadRow[]): ThreadRow[] {
  return rows.flatMap((row) => [
    row,
    ...(row.namespaces ?? []).map((ns): ThreadRow => ({ ...row, namespace: ns.namespace, status: ns.status, headCheckpointId: ns.headCheckpointId, checkpointCount: ns.checkpointCount, updatedAt: ns.updatedAt, namespaces: undefined })),
  ]);
}

export interface SessionOptions {
  /** How long reads and writes wait for another connection's lock before DATABASE_LOCKED, in ms. */
  busyTimeoutMs: number;
  /** Told which threads changed whenever a refresh finds new rows. */
  onThreadsChanged(threadIds: string[]): void;
  /** How graph hosts are started. Default: child_process.fork. */
  launcher?: GraphProcessLauncher;
  /** Where readers keep caches derived from the file (the app's config folder), never beside or inside it. */
  cacheDir?: string;
  /** While a status filter's answer waits for the reader to decide every status, how often the app is told to ask again (ms; default STATUS_NOTICE_MS). */
  statusNoticeMs?: number;
}

/** How often the app is told to ask a status-filtered page again while the statuses are still being decided, so its "counting N%" moves. */
export const STATUS_NOTICE_MS = 2_000;

/** Why runs wait while the config's graph code loads in the background. */
export const GRAPH_CODE_LOADING = "The graph code is loading; a run started now begins once it has loaded.";

export class DatabaseSession {
  /** Graph code by graph name, as its graph host described it (the code itself runs only in graph hosts). */
  readonly graphs = new Map<string, GraphCode>();
  /** Why graph code declared for this database could not be loaded (shown as the reason runs are off). */
  readonly graphProblems: string[] = [];
  /** LangGraph.js code loaded for a LangGraph.js database (newest load first); it only draws graphs. */
  private codeGraphs: LoadedCodeGraph[] = [];
  private writer: Promise<Checkpointer> | null = null;
  private openEngineWriter: (() => Promise<Checkpointer>) | null = null;
  private langGraph: Promise<LangGraphEditor> | null = null;
  /** Where writers connect: the file, or the postgres:// URL with its password (never shown; `path` is masked). */
  private connectTo = "";
  private langGraphWrote = false;
  /** Every (thread, namespace) row; read lazily for readers that page themselves (big LangGraph files). */
  private indexed: IndexedRows | null = null;
  /** One row per thread (namespaces inside), for readers that do not page themselves. */
  private rolled: IndexedRows | null = null;
  /** Per thread, the reader's change stamp (readers with threadStamps). */
  private stamps: Map<string, string> | null = null;
  private token: string | null = null;
  private refreshing: Promise<unknown> = Promise.resolve();
  private catalog: GraphCatalog | null = null;
  /** A page said the reader was still counting its threads: the app is told to ask again once it has. */
  private answeredCounting = false;
  /** A status-filtered page was answered before every status was decided: the app is told to ask again once they are. */
  private awaitingStatuses = false;
  /** Graph code loading in the background (a trusted config's modules, loaded after the open); runs wait for it. */
  private graphsLoading: Promise<void> | null = null;

  private constructor(
    readonly path: string,
    readonly kind: DatabaseKind,
    readonly source: HistorySource,
    /** What the backend can do with this kind of file; asked instead of the kind. */
    readonly traits: KindTraits,
    /** The reader as the engine's own, for files the engine writes; null for LangGraph's. */
    private readonly engine: EngineReader | null,
    private readonly options: SessionOptions,
  ) {}

  /** How long reads and writes wait for another connection's lock; graph hosts use the same. */
  get busyTimeoutMs(): number {
    return this.options.busyTimeoutMs;
  }

  /** How this session's graph hosts are started (undefined: the default, child_process.fork). */
  get launcher(): GraphProcessLauncher | undefined {
    return this.options.launcher;
  }

  /** Detect the file's kind and open it read-only. Throws the reader's coded errors, naming the file. */
  static async open(path: string, options: SessionOptions): Promise<DatabaseSession> {
    const { source, traits, engine, openEngineWriter, location } = await openDatabase(path, { busyTimeoutMs: options.busyTimeoutMs, cacheDir: options.cacheDir });
    const session = new DatabaseSession(source.path, source.kind, source, traits, engine, options);
    session.connectTo = location;
    session.openEngineWriter = openEngineWriter;
    if (source.pagesWhileCounting && source.pageThreads && source.threadStamps) {
      // A reader that pages itself answers the first screen on its own: the stamps later refreshes compare
      // with (the whole file's index) are read in the background. Pages answered before the reader had
      // counted the threads (ThreadPage.counting) are asked again once it has (an empty change notice).
      void session.refresh().then(
        () => session.recounted(),
        () => undefined,
      );
      return session;
    }
    try {
      await session.refresh();
    } catch (error) {
      await source.close();
      throw error;
    }
    return session;
  }

  /**
   * Every (thread, namespace) row, re-read first when another connection committed since the last read.
   * Reads every thread: the thread list asks for pages (page) instead.
   */
  async threads(): Promise<IndexedRows> {
    await this.refresh();
    if (!this.indexed) {
      const token = this.token;
      const indexed = indexRows(await this.source.listThreads());
      if (token === this.token) this.indexed = indexed;
      return indexed;
    }
    return this.indexed;
  }

  /**
   * One (thread, namespace) row, from the reader when it reads one alone; a root row of a reader that pages
   * itself from the page its id as the text filter gives (when that page holds every match), as the
   * thread list would show it; else out of every row.
   */
  async threadRow(thread: ThreadKey): Promise<ThreadRow | undefined> {
    if (this.source.threadRow) {
      await this.refresh();
      return this.source.threadRow(thread);
    }
    if (this.source.pageThreads && thread.namespace === "") {
      const page = await this.page({ query: thread.threadId, limit: MAX_THREAD_PAGE });
      const found = page.rows.find((row) => row.threadId === thread.threadId);
      if (found || (!page.counting && page.rows.length === page.total)) return found && withoutNamespaces(found);
    }
    return (await this.threads()).rows.find((row) => row.threadId === thread.threadId && row.namespace === thread.namespace);
  }

  /** One page of the thread list (a row per thread), from the reader when it pages itself. */
  async page(query: ThreadQuery): Promise<ThreadPage> {
    // The first refresh of a reader that pages itself runs in the background (open); its pages do not wait for it.
    if (!this.source.pageThreads || this.token !== null) await this.refresh();
    if (this.source.pageThreads) {
      const page = await this.source.pageThreads(query);
      if (page.counting) this.answeredCounting = true;
      if (page.statusCounting) this.awaitStatuses();
      return page;
    }
    this.rolled ??= rollUp(this.indexed!);
    return pageOf(this.rolled, query);
  }

  /**
   * Re-read the rows when the file's change token moved, and report changed threads to onThreadsChanged.
   * Calls are serialized, so two overlapping refreshes never report the same change twice.
   */
  refresh(): Promise<void> {
    const next = this.refreshing.then(() => this.refreshNow());
    this.refreshing = next.catch(() => undefined);
    return next;
  }

  private async refreshNow(): Promise<void> {
    const token = await this.source.changeToken();
    if (this.token !== null && token === this.token) return;
    let changed: string[];
    if (this.source.changedThreads) {
      // The reader names what changed since its previous call (its first call only marks the file).
      changed = await this.source.changedThreads();
      this.indexed = null;
    } else if (this.source.threadStamps) {
      const stamps = await this.source.threadStamps();
      changed = this.stamps ? changedStamps(this.stamps, stamps) : [];
      this.stamps = stamps;
      this.indexed = null;
    } else {
      const rows = await this.source.listThreads();
      changed = this.indexed ? changedThreadIds(this.indexed.rows, rows) : [];
      this.indexed = indexRows(rows);
    }
    this.rolled = null;
    this.token = token;
    if (changed.length > 0) this.options.onThreadsChanged(changed);
  }

  private awaitStatuses(): void {
    if (this.awaitingStatuses || !this.source.statusesDecided) return;
    this.awaitingStatuses = true;
    // An empty change notice every few seconds meanwhile: the app asks the page again and shows how far it got.
    const meanwhile = setInterval(() => this.options.onThreadsChanged([]), this.options.statusNoticeMs ?? STATUS_NOTICE_MS);
    meanwhile.unref?.();
    const settled = () => {
      clearInterval(meanwhile);
      this.awaitingStatuses = false;
      this.options.onThreadsChanged([]);
    };
    void this.source.statusesDecided().then(settled, settled);
  }

  private recounted(): void {
    if (!this.answeredCounting) return;
    this.answeredCounting = false;
    this.options.onThreadsChanged([]);
  }

  /** The reader, as Chronograph's own; throws READ_ONLY saying why for other kinds of files. */
  chronograph(action: string): EngineReader {
    if (this.engine) return this.engine;
    throw new ChronographError("READ_ONLY", `Cannot ${action} on "${this.path}": ${this.traits.runRefusal?.(this.codeGraphs.length > 0) ?? "the engine does not write it."}`, { file: this.path });
  }

  /**
   * The LangGraph writer, opened read-only on first use (its writes open their own connection). Throws
   * READ_ONLY for Chronograph's own files, which the engine writes.
   */
  langGraphWriter(): Promise<LangGraphEditor> {
    if (this.traits.writer !== "langgraph") throw new ChronographError("READ_ONLY", `"${this.path}" is a Chronograph database; LangGraph's writer does not write it.`, { file: this.path });
    if (this.traits.editRefusal !== undefined) {
      throw new ChronographError("READ_ONLY", `Cannot edit ${this.path}: ${this.traits.editRefusal}`, { database: this.path });
    }
    // A failed open (a lock, say) is not remembered: the next edit tries again.
    const open = (): Promise<LangGraphEditor> => (isPostgresUrl(this.connectTo) ? openPostgresLangGraphWriter(this.connectTo) : LangGraphWriter.open(this.path, { busyTimeoutMs: this.options.busyTimeoutMs }));
    this.langGraph ??= open().catch((error: unknown) => {
      this.langGraph = null;
      throw error;
    });
    return this.langGraph;
  }

  /** Note that the LangGraph writer wrote to the file (it is no longer only read). */
  markWritten(): void {
    this.langGraphWrote = true;
  }

  /**
   * A LangGraph thread's graph: drawn by loaded LangGraph.js code when the code has every node the
   * history shows (root namespace only: subgraphs are other graphs), else inferred from the histories
   * of every thread of the same graph (graph-catalog.ts); over a reader that pages itself (a big file),
   * of the GRAPH_SAMPLE most recently updated threads (very long ones aside), so opening a thread never
   * reads the whole file.
   */
  async langGraphView(thread: ThreadKey): Promise<GraphView> {
    const sample = () => this.page({ limit: GRAPH_SAMPLE }).then((page) => page.rows.filter((row) => row.threadId === thread.threadId || row.checkpointCount <= GRAPH_SAMPLE_LONGEST));
    const rows = this.source.pageThreads ? withNamespaceRows(await sample()) : (await this.threads()).rows;
    const inferred = await (this.catalog ??= new GraphCatalog(this.source)).graphOf(thread, rows);
    if (thread.namespace !== "" || this.codeGraphs.length === 0) return inferred;
    return codeGraphFor(this.codeGraphs, inferred)?.view ?? inferred;
  }

  /**
   * Where graph hosts connect to write: the file, or the postgres:// URL with `?schema=`. Holds the
   * password of a URL: pass it to a writer, never show it (`path` is the masked form).
   */
  get location(): string {
    return this.connectTo;
  }

  /**
   * The engine's writer (SqliteSaver, or PostgresSaver on Chronograph's PostgreSQL schema), opened on
   * first use. Rejects with DATABASE_LOCKED when another writer holds the file, DATABASE_UNAVAILABLE when
   * the server cannot be reached; a failed open is not remembered.
   */
  writable(action: string): Promise<Checkpointer> {
    this.chronograph(action);
    this.writer ??= this.openEngineWriter!().catch((error: unknown) => {
      this.writer = null;
      throw error;
    });
    return this.writer;
  }

  /**
   * Load graph code from a module. Chronograph databases: the graphs that match the file (see
   * matchGraphs) become runnable. LangGraph.js databases: the module's compiled LangGraph.js graphs draw
   * the threads they fit (`graphName` does not apply: LangGraph files name no graphs). Python databases
   * refuse with GRAPH_MODULE: their code is Python.
   */
  async loadGraphModule(path: string, exportName?: string, graphName?: string): Promise<void> {
    if (this.traits.graphCode === null) {
      throw new ChronographError("GRAPH_MODULE", `Graph module "${resolve(path)}" cannot draw or run "${this.path}": ${this.traits.graphCodeRefusal ?? "no graph code loads for it."}`, { file: resolve(path) });
    }
    if (this.traits.graphCode === "langgraph-js") {
      const loaded = await runInGraphHost({ kind: "load-langgraph", path: resolve(path), ...(exportName === undefined ? {} : { exportName }) }, { launcher: this.launcher });
      this.codeGraphs = [...loaded, ...this.codeGraphs.filter((other) => other.file !== loaded[0]!.file)];
      return;
    }
    const found = await runInGraphHost({ kind: "load", path: resolve(path), ...(exportName === undefined ? {} : { exportName }) }, { launcher: this.launcher });
    const matched = await matchGraphs(found, await this.storedGraphs(), graphName);
    for (const loaded of matched) this.graphs.set(loaded.name, loaded);
  }

  /** The LangGraph.js graphs loaded for a LangGraph.js file (they run it with LangGraph.js, runs.ts). */
  langGraphCode(): readonly LoadedCodeGraph[] {
    return this.codeGraphs;
  }

  /**
   * Load graph code without holding up the caller (the open, the URL, the thread list): `load` runs after
   * any load already under way. `graphsLoaded` resolves when every such load has finished.
   */
  loadInBackground(load: () => Promise<void>): Promise<void> {
    const done: Promise<void> = (this.graphsLoading ?? Promise.resolve()).then(load).finally(() => {
      if (this.graphsLoading === done) this.graphsLoading = null;
    });
    this.graphsLoading = done;
    return done;
  }

  /** Resolves once graph code loading in the background has finished (at once when none is). */
  graphsLoaded(): Promise<void> {
    return this.graphsLoading ?? Promise.resolve();
  }

  /** The loaded code of the graph named `name`, if any. */
  graphFor(name: string | null | undefined): GraphCode | undefined {
    return name ? this.graphs.get(name) : undefined;
  }

  async info(): Promise<DatabaseInfo> {
    const { total } = await this.page({ limit: 1 });
    const readOnly = this.engine ? this.writer === null : !this.langGraphWrote;
    const problems = this.graphsLoading ? [...this.graphProblems, GRAPH_CODE_LOADING] : this.graphProblems;
    const capabilities = capabilitiesOf(this.traits, { runnable: this.graphs.size, drawing: this.codeGraphs.length, problems });
    return { path: this.path, kind: this.kind, readOnly, threadCount: total, ...capabilities };
  }

  async close(): Promise<void> {
    // A baseline still read in the background (a big file just opened) is not waited for: closing the
    // reader ends it at its next slice.
    if (this.token !== null || !this.source.pagesWhileCounting) await this.refreshing;
    await this.source.close();
    const writer = this.writer;
    this.writer = null;
    await writer?.then((saver) => saver.close(), () => undefined);
    const langGraph = this.langGraph;
    this.langGraph = null;
    await langGraph?.then((writer) => writer.close(), () => undefined);
  }

  private storedGraphs(): Promise<StoredGraphs> {
    return storedGraphsOf(this.path, this.source, this.engine, async () => (await this.threads()).rows);
  }
}
