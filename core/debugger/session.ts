/**
 * One open database: its reader, the graph code loaded for it, the thread rows held in memory, and the
 * writable connection opened only once the user edits or runs. The service holds at most one session.
 */
import { ChronographError } from "../api/errors.ts";
import type { DatabaseInfo, DatabaseKind, ThreadRow } from "../api/types.ts";
import { SqliteSaver } from "../storage/sqlite/index.ts";
import { ChronographSource } from "./chronograph-source.ts";
import { readGraphConfig } from "./graph-config.ts";
import { matchGraphs, type StoredGraphs } from "./graph-match.ts";
import { importGraphModule, type LoadedGraph } from "./graph-module.ts";
import type { HistorySource } from "./source.ts";
import { KIND_NAMES, openHistorySource } from "./sources.ts";
import { changedThreadIds, indexRows, type IndexedRows } from "./thread-list.ts";

export interface SessionOptions {
  /** How long reads and writes wait for another connection's lock before DATABASE_LOCKED, in ms. */
  busyTimeoutMs: number;
  /** Told which threads changed whenever a refresh finds new rows. */
  onThreadsChanged(threadIds: string[]): void;
}

export class DatabaseSession {
  /** Graph code by graph name. */
  readonly graphs = new Map<string, LoadedGraph>();
  /** Why graph code declared for this database could not be loaded (shown as the reason runs are off). */
  readonly graphProblems: string[] = [];
  private writer: SqliteSaver | null = null;
  private indexed: IndexedRows | null = null;
  private token: string | null = null;
  private refreshing: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly path: string,
    readonly kind: DatabaseKind,
    readonly source: HistorySource,
    private readonly options: SessionOptions,
  ) {}

  /** Detect the file's kind and open it read-only. Throws the reader's coded errors, naming the file. */
  static async open(path: string, options: SessionOptions): Promise<DatabaseSession> {
    const source = await openHistorySource(path, { busyTimeoutMs: options.busyTimeoutMs });
    const session = new DatabaseSession(source.path, source.kind, source, options);
    try {
      await session.refresh();
    } catch (error) {
      await source.close();
      throw error;
    }
    return session;
  }

  /** The thread rows, re-read first when another connection committed since the last read. */
  async threads(): Promise<IndexedRows> {
    await this.refresh();
    return this.indexed!;
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
    if (this.indexed && token === this.token) return;
    const rows = await this.source.listThreads();
    const changed = this.indexed ? changedThreadIds(this.indexed.rows, rows) : [];
    this.indexed = indexRows(rows);
    this.token = token;
    if (changed.length > 0) this.options.onThreadsChanged(changed);
  }

  /** The reader, as Chronograph's own; throws READ_ONLY saying why for other kinds of files. */
  chronograph(action: string): ChronographSource {
    if (this.source instanceof ChronographSource) return this.source;
    throw new ChronographError("READ_ONLY", `Cannot ${action}: "${this.path}" is a ${KIND_NAMES[this.kind]} database, which Chronograph opens read-only.`, { file: this.path });
  }

  /** The writable connection, opened on first use. Throws DATABASE_LOCKED when another writer holds the file. */
  writable(action: string): SqliteSaver {
    this.chronograph(action);
    this.writer ??= SqliteSaver.open(this.path, { busyTimeoutMs: this.options.busyTimeoutMs });
    return this.writer;
  }

  /** Load graph code from a module; resolves to the graphs that matched this database. See matchGraphs. */
  async loadGraphModule(path: string, exportName?: string, graphName?: string): Promise<LoadedGraph[]> {
    const matched = await matchGraphs(await importGraphModule(path, exportName), await this.storedGraphs(), graphName);
    for (const loaded of matched) this.graphs.set(loaded.graph.name, loaded);
    return matched;
  }

  /** Load every module named in chronograph.config.json beside the file; failures become graphProblems. */
  async loadConfiguredGraphs(): Promise<void> {
    let refs;
    try {
      refs = readGraphConfig(this.path);
    } catch (error) {
      this.graphProblems.push(error instanceof Error ? error.message : String(error));
      return;
    }
    for (const ref of refs) {
      try {
        await this.loadGraphModule(ref.module, ref.exportName, ref.graphName);
      } catch (error) {
        this.graphProblems.push(error instanceof Error ? error.message : String(error));
      }
    }
  }

  /** The loaded code of the graph named `name`, if any. */
  graphFor(name: string | null | undefined): LoadedGraph | undefined {
    return name ? this.graphs.get(name) : undefined;
  }

  async info(): Promise<DatabaseInfo> {
    const { rows } = await this.threads();
    const own = this.kind === "chronograph";
    const info: DatabaseInfo = { path: this.path, kind: this.kind, readOnly: this.writer === null, threadCount: rows.length, canRun: own && this.graphs.size > 0, canEdit: own };
    if (!own) {
      info.runUnavailableReason = `Runs write Chronograph checkpoints; this ${KIND_NAMES[this.kind]} database is opened read-only.`;
      info.editUnavailableReason = info.runUnavailableReason.replace("Runs write", "Edits write");
    } else if (!info.canRun) {
      info.runUnavailableReason =
        this.graphProblems.length > 0
          ? this.graphProblems.join(" ")
          : "No graph code is loaded: start Chronograph with --graph ./module.ts, or put a chronograph.config.json beside the database.";
    }
    return info;
  }

  async close(): Promise<void> {
    await this.refreshing;
    await this.source.close();
    await this.writer?.close();
    this.writer = null;
  }

  private async storedGraphs(): Promise<StoredGraphs> {
    const { rows } = await this.threads();
    const names = new Set(rows.map((row) => row.graphName).filter((name): name is string => name !== null));
    if (!(this.source instanceof ChronographSource)) {
      return { database: this.path, names, knows: async () => true, newestHash: async () => undefined };
    }
    const saver = this.source.saver;
    return {
      database: this.path,
      names,
      knows: async (hash) => (await saver.loadGraph(hash)) !== undefined,
      newestHash: async (name) => {
        const row = rows.find((candidate) => candidate.graphName === name);
        return row ? (await saver.getTuple(row.threadId))?.record.graph?.hash : undefined;
      },
    };
  }
}
