/**
 * The HistorySource over a LangGraph SQLite file (LangGraph.js or Python). Opens the file read-only and
 * never writes to it (editing goes through edit/writer.ts, which opens its own connection). Each
 * (thread, namespace) is decoded on first use and cached until the file changes (history-cache.ts).
 */
import { ChronographError } from "../../api/errors.ts";
import type { HistorySource, ThreadKeySliceQuery, TimelineSkeletonRow } from "../../api/history-source.ts";
import { byThreadKey, indexSearchText, normalizeQuery, pageBounds } from "../../api/thread-filter.ts";
import type { CheckpointEntry, CheckpointVersions, CheckpointView, GraphView, ThreadKey, ThreadPage, ThreadQuery, ThreadRow } from "../../api/types.ts";
import { openRawDatabase, type RawDatabase, READ_BUSY_MS } from "../../storage/sqlite/raw.ts";
import { kindOf } from "../detect.ts";
import { checkpointNotFound, HistoryCache } from "./history-cache.ts";
import { NamespaceHistory } from "./history.ts";
import { SkeletonWindows } from "./history-window.ts";
import type { Dialect } from "./model.ts";
import { namespaceRows, threadIndexRows, threadKeyRows } from "./rows.ts";
import { firstScreen, recentThreads, type RecentThreads } from "./recent-threads.ts";

/** Files with more checkpoints than this wait COUNT_DELAY_MS before counting their threads (threadIndex). */
const BIG_FILE_ROWS = 100_000;
const COUNT_DELAY_MS = 500;
/**
 * A status filter asked while the warm-up runs on a small file decides up to this many more threads itself when
 * those decided fill less than its page. A big file's decides none (see page()).
 */
const PARTIAL_EXTRA = 1_000;
/** The read connection's page cache, in KiB when negative (PRAGMA cache_size). */
const READ_CACHE_KIB = -2_000;
/** A big file's status warm-up begins once no page or text filter was asked for this long (quiet-gate.ts). */
const QUIET_MS = 300;
import { type GateClock, QuietGate } from "./quiet-gate.ts";
import { type IndexedThread, summarizeNamespace, ThreadIndex, ThreadSummaries } from "./thread-index.ts";
import { hasStatusCache, StatusCache } from "./status-cache.ts";
import { StatusHelper, type StatusHelperOptions } from "./status-helper.ts";
import { statusHits, StatusWarmup, type StatusWarmupOptions, warmupFromEnv } from "./status-index.ts";
import type { HistoryViews } from "./views.ts";

export type LangGraphKind = "langgraph-js" | "langgraph-py";

export interface LangGraphSourceOptions {
  /** How long a read waits for another connection's lock before DATABASE_LOCKED; at most READ_BUSY_MS. */
  busyTimeoutMs?: number;
  /** The dialect, when already known; detected from the file otherwise. */
  kind?: LangGraphKind;
  /**
   * A folder for the sidecar status cache (status-cache.ts), so a status filter reuses the statuses an earlier
   * session decided; default CHRONOGRAPH_STATUS_CACHE_DIR, else no cache. Never the user's file.
   */
  statusCacheDir?: string;
  /** How the background status warm-up works its slices (tests slow it down to see the answers given meanwhile). */
  warmup?: StatusWarmupOptions;
  /** The warm-up's worker on a second core (status-helper.ts; tests lower its 10,000-thread threshold and start it from the sources). */
  statusWorker?: Pick<StatusHelperOptions, "minThreads" | "slice" | "spareCore" | "start">;
  /** Files with more checkpoint rows than this are big (default 100,000): tests lower it to see a big file's behaviour on a small one. */
  bigFileRows?: number;
  /** The clock of a big file's quiet gate (quiet-gate.ts; tests pass one they move by hand). */
  quietClock?: GateClock;
}

export class LangGraphSource implements HistorySource {
  private readonly histories: HistoryCache;
  /** Skeletons of the timelines being looked at, so a window decodes only its rows (history-window.ts). */
  private readonly windows: SkeletonWindows;
  private index: { token: string; threads: ThreadIndex } | undefined;
  /** The first screen is answered from the newest rows while the index is read (recent-threads.ts). */
  readonly pagesWhileCounting = true;
  private building: Promise<void> | undefined;
  /** Starts a count that is waiting for its delay (threadIndex). */
  private countNow: (() => void) | undefined;
  /** A caller needs the whole index now: the build does not wait COUNT_DELAY_MS (set before or during the wait). */
  private countAsked = false;
  private recent: { token: string; count: number; scan: RecentThreads | null } | undefined;
  private summaries: ThreadSummaries | undefined;
  private warmup: StatusWarmup | undefined;
  /** Holds a big file's warm-up back while pages are asked: its first slice opens the sidecar in one go. */
  private quietGate = new QuietGate(QUIET_MS);
  private bigFile = false;
  private bigFileRows = BIG_FILE_ROWS;
  private statusCacheDir: string | undefined;
  private warmupOptions: StatusWarmupOptions | undefined;
  private statusWorkerOptions: LangGraphSourceOptions["statusWorker"];
  /** Decides statuses on a second core while the warm-up runs (status-helper.ts): LangGraph.js files only. */
  private helper: StatusHelper | undefined;
  private statusCache: StatusCache | undefined;

  private constructor(
    readonly path: string,
    readonly kind: LangGraphKind,
    private readonly db: RawDatabase,
  ) {
    this.histories = new HistoryCache(db, path, (threadId, namespace) => NamespaceHistory.load(db, threadId, namespace, this.dialect));
    this.windows = new SkeletonWindows(db, this.histories, () => this.dialect);
  }

  /**
   * Open `path` read-only. Throws FILE_NOT_FOUND, NOT_A_DATABASE, NOT_A_CHECKPOINT_DATABASE (also when
   * the file is a Chronograph database, which ChronographSource reads), DATABASE_LOCKED.
   */
  static async open(path: string, options: LangGraphSourceOptions = {}): Promise<LangGraphSource> {
    const db = openRawDatabase(path, { readonly: true, busyTimeoutMs: Math.min(options.busyTimeoutMs ?? READ_BUSY_MS, READ_BUSY_MS) });
    try {
      // SQLite's own default page cache (2 MB) rather than better-sqlite3's 16 MB: this connection's reads
      // (index slices, heads, one thread's rows) rarely come back to a page, and the OS caches the file anyway.
      // Per connection only: nothing is written to the file. The host's RSS 16 MB less, CPU the same.
      db.run(`PRAGMA cache_size = ${READ_CACHE_KIB}`);
      const kind = options.kind ?? kindOf(db);
      if (kind === "chronograph") throw new ChronographError("NOT_A_CHECKPOINT_DATABASE", `"${path}" is a Chronograph database, not a LangGraph one.`, { file: path });
      if (kind === "chronograph-saver") throw new ChronographError("NOT_A_CHECKPOINT_DATABASE", `"${path}" holds ChronographSaver's tables, not LangGraph's SqliteSaver ones.`, { file: path });
      const source = new LangGraphSource(path, kind, db);
      source.statusCacheDir = options.statusCacheDir ?? (process.env.CHRONOGRAPH_STATUS_CACHE_DIR || undefined);
      source.warmupOptions = options.warmup ?? warmupFromEnv();
      source.statusWorkerOptions = options.statusWorker;
      source.bigFileRows = options.bigFileRows ?? BIG_FILE_ROWS;
      if (options.quietClock) source.quietGate = new QuietGate(QUIET_MS, options.quietClock);
      return source;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** The read-only connection (for the edit writer's look-ups in other threads). */
  get database(): RawDatabase {
    return this.db;
  }

  get dialect(): Dialect {
    return this.kind === "langgraph-py" ? "py" : "js";
  }

  async listThreads(): Promise<ThreadRow[]> {
    this.histories.refresh();
    const rows = namespaceRows(this.db).map((row) => this.histories.viewsOf({ threadId: row.thread_id, namespace: row.checkpoint_ns }).threadRow());
    return rows.sort((a, b) => (b.updatedAt ?? 0) - (a.updatedAt ?? 0) || (a.threadId < b.threadId ? -1 : a.threadId > b.threadId ? 1 : a.namespace < b.namespace ? -1 : 1));
  }

  /**
   * One page of threads from the file's index (thread-index.ts): only the rows on the page are decoded. A
   * text query is matched in the index (thread id and namespaces, see indexSearchText), so it decodes
   * nothing more; a status filter needs every thread's status, read from its head alone and kept until the
   * thread changes.
   */
  async pageThreads(query: ThreadQuery): Promise<ThreadPage> {
    // A status filter needs the statuses now (the gate lets the warm-up go once this answer is sent, quiet-gate.ts);
    // any other page holds a big file's warm-up back until QUIET_MS after it was answered (a deep page waits for
    // the index longer than that).
    const statusFilter = (query.status ?? []).length > 0;
    if (statusFilter) this.quietGate.release();
    else this.quietGate.touch();
    try {
      return await this.page(query);
    } finally {
      if (!statusFilter) this.quietGate.touch();
    }
  }

  private async page(query: ThreadQuery): Promise<ThreadPage> {
    const dir = this.statusCacheDir;
    const openCache = dir === undefined ? undefined : () => (this.statusCache ??= new StatusCache(this.db, dir));
    const summaries = (this.summaries ??= new ThreadSummaries(this.db, this.dialect, openCache));
    // A page the newest rows cannot answer (a filter, a deep page) needs the whole index: its count starts now.
    const early = this.index ? null : firstScreen(query, (count) => this.recentScan(count));
    if (!this.index && !early) this.askCount();
    // From the first request on, every thread's status is decided in the background (status-index.ts); a
    // status filter asked meanwhile answers from the threads it has decided (statusHits).
    // The worker leaves out the threads the sidecar knows (a later session's few changed threads are not worth it).
    const known = openCache && ((thread: IndexedThread) => openCache().get(thread.threadId, thread.namespaces[0]!.namespace, thread.namespaces[0]!.headId) !== undefined);
    // A file with no sidecar yet: the worker starts once the index is read, before the warm-up's first slice.
    const unseen = () => dir === undefined || !hasStatusCache(dir, this.db.file);
    if (this.dialect === "js") this.helper ??= new StatusHelper(this.db, { ...this.statusWorkerOptions, known, unseen });
    // A big file's warm-up waits for quiet, then opens the sidecar with the writes counted a range at a time
    // (StatusCache.open): opened by its first slice in one go, the count read 200 MB cold (4 s) while nothing
    // else was answered, not even the next status filter.
    const quiet = async (): Promise<void> => {
      if (!this.bigFile) return;
      await this.quietGate.quiet();
      if (dir === undefined || this.statusCache) return;
      const ids = (await this.threadIndex()).map((thread) => thread.threadId);
      const cache = await StatusCache.open(this.db, dir, ids, () => new Promise((done) => setImmediate(done)));
      this.statusCache ??= cache;
    };
    this.warmup ??= new StatusWarmup(summaries, () => this.threadIndex().then((threads) => (this.helper?.offer(threads), threads)), { quiet, ...this.warmupOptions });
    // Once every status is decided the worker's list and answers are let go (a failed warm-up runs again alone).
    void this.warmup.start().then(() => this.helper?.end());
    if (early) {
      // Until the index is read (a big file just opened), the first screen comes from the newest rows.
      void this.threadIndex().catch(() => undefined);
      return { ...early, rows: early.rows.map((thread) => summaries.row(thread)) };
    }
    const needle = normalizeQuery(query.query);
    const { offset, limit } = pageBounds(query);
    const match = needle === "" ? () => true : (thread: IndexedThread) => indexSearchText(thread).includes(needle);
    const kept = this.index || (query.status ?? []).length === 0 ? undefined : this.recent;
    if (kept?.scan && !kept.scan.complete && kept.token === this.histories.changeToken()) {
      // A status filter while the index is still read: the newest threads the first screen found, decided now.
      // Flagged `counting` too, so the app asks again once the index is read (then from the warm-up's progress).
      void this.threadIndex().catch(() => undefined);
      const { hits, counts } = statusHits(kept.scan.threads, match, (thread) => summaries.status(thread), new Set(query.status));
      const rows = hits.slice(offset, offset + limit).map((thread) => summaries.row(thread));
      return { rows, offset, total: hits.length, counts, counting: true, statusCounting: { decided: kept.scan.threads.length } };
    }
    const threads = await this.threadIndex();
    summaries.retain(threads);
    if ((query.status ?? []).length === 0) {
      const matching = needle === "" ? threads : threads.filter((thread) => indexSearchText(thread).includes(needle));
      return { rows: matching.slice(offset, offset + limit).map((thread) => summaries.row(thread)), offset, total: matching.length };
    }
    // A status filter reads each thread's status from its head only (kept by stamp), and rows for the page.
    const progress = this.warmup.progress;
    // A big file's filter decides nothing in line: its heads are scattered over gigabytes, and with the file out of
    // the page cache 1,000 of them took 1.3-4 s. It answers from what the warm-up decided (perhaps nothing yet: the
    // app shows "counting 0%" and asks again, session.ts statusNoticeMs), and the warm-up, let go once this answer
    // is sent, decides them in the list's order.
    const partial = progress.done ? undefined : { decided: progress.decided, want: offset + limit, extra: this.bigFile ? 0 : PARTIAL_EXTRA };
    const { hits, counts, reach } = statusHits(threads, match, (thread) => summaries.status(thread), new Set(query.status), partial);
    // The sidecar is written once every status is decided: when the warm-up is done, or when this page decided
    // the rest itself (a small file's first filter, answered before the warm-up's first slice).
    if (!partial || (reach >= threads.length && needle === "")) summaries.save();
    const page = { rows: hits.slice(offset, offset + limit).map((thread) => summaries.row(thread)), offset, total: hits.length, counts };
    return partial && reach < threads.length ? { ...page, statusCounting: { decided: reach, threads: threads.length } } : page;
  }

  /** Resolves once the background warm-up has decided every thread's status (or was stopped, or failed). */
  statusesDecided(): Promise<void> {
    this.quietGate.release();
    return this.warmup?.start() ?? Promise.resolve();
  }

  /** Every (thread, namespace) of the file from its index, by thread id then namespace, without decoding anything. */
  async threadKeys(): Promise<ThreadKey[]> {
    this.askCount();
    const keys = (await this.threadIndex()).flatMap((thread) => thread.namespaces.map((ns) => ({ threadId: thread.threadId, namespace: ns.namespace })));
    return keys.sort(byThreadKey);
  }

  /** A slice of the file's (thread, namespace) keys in thread id order, from the primary key's index: the thread index is not built. */
  async threadKeySlice(query: ThreadKeySliceQuery): Promise<ThreadKey[]> {
    const rows = threadKeyRows(this.db, query.threadId !== undefined ? { only: query.threadId } : { afterThread: query.after ?? null, limit: query.limit });
    return rows.map((row) => ({ threadId: row.thread_id, namespace: row.checkpoint_ns }));
  }

  /**
   * One (thread, namespace) row as the list shows it, from that namespace's head, its parent and first
   * checkpoint (summarizeNamespace): neither the index nor the list is built. Undefined when there is none.
   */
  async threadRow(thread: ThreadKey): Promise<ThreadRow | undefined> {
    const found = threadIndexRows(this.db, thread.threadId).find((row) => row.checkpoint_ns === thread.namespace);
    if (!found) return undefined;
    return summarizeNamespace(this.db, this.dialect, thread.threadId, { namespace: found.checkpoint_ns, count: found.count, headId: found.head_id }) ?? undefined;
  }

  /** Per thread id, a stamp that moves when the thread gets a checkpoint or a write (from the index alone). */
  async threadStamps(): Promise<Map<string, string>> {
    this.askCount();
    return new Map((await this.threadIndex()).map((thread) => [thread.threadId, thread.stamp]));
  }

  /** Threads changed since the previous call, as the index's updates found them (by rowid: O(new rows)); the first call builds the index. */
  async changedThreads(): Promise<string[]> {
    this.askCount();
    await this.threadIndex();
    const changed = this.marked ? [...this.changed] : [];
    this.marked = true;
    this.changed.clear();
    return changed;
  }

  /** Threads the index's updates found changed since changedThreads last answered, and whether it has. */
  private readonly changed = new Set<string>();
  private marked = false;

  /**
   * The whole index is needed now. Before the build has started there is no timer to cut short yet, so the
   * flag also stops the build's first wait: a command run (nothing else keeps the process alive, the timer
   * is unref'd) would otherwise end with the index never read.
   */
  private askCount(): void {
    this.countAsked = true;
    this.countNow?.();
  }

  /** The newest threads (recentThreads), kept while the file does not change: the open's page and the app's first share one scan. */
  private recentScan(count: number): RecentThreads | null {
    const token = this.histories.changeToken();
    const kept = this.recent;
    if (kept && kept.token === token && kept.count >= count) return kept.scan && { ...kept.scan, threads: kept.scan.threads.slice(0, count) };
    const scan = recentThreads(this.db, count);
    this.recent = { token, count, scan };
    return scan;
  }

  /**
   * The index, read a slice at a time on first use (ThreadIndex.build), then kept up to date. In a big file
   * the count begins COUNT_DELAY_MS after it is first asked for, so the first screen is answered before it
   * competes for the CPU, or at once when a page needs it (countNow).
   */
  private async threadIndex(): Promise<IndexedThread[]> {
    this.building ??= this.index
      ? undefined
      : (async () => {
          // The token before the marks the build takes: a commit meanwhile moves it, and update() reads that commit.
          const token = this.histories.changeToken();
          const big = (this.db.get<{ rows: number | null }>("SELECT MAX(rowid) AS rows FROM checkpoints")?.rows ?? 0) > this.bigFileRows;
          this.bigFile = big;
          let first = big;
          const pause = (): Promise<void> => {
            if (!first || this.countAsked) return new Promise((done) => setImmediate(done));
            first = false;
            return new Promise((done) => {
              const timer = setTimeout(done, COUNT_DELAY_MS);
              timer.unref?.();
              this.countNow = () => {
                clearTimeout(timer);
                done();
              };
            });
          };
          this.index = { token, threads: await ThreadIndex.build(this.db, pause, undefined, big) };
        })().finally(() => {
          this.building = undefined;
          this.countNow = undefined;
        });
    await this.building;
    const index = this.index!;
    const token = this.histories.changeToken();
    if (index.token !== token) {
      for (const id of index.threads.update()) this.changed.add(id);
      index.token = token;
    }
    return index.threads.threads;
  }

  /** Every checkpoint's timeline row, newest first; a long thread's decoded a window at a time (history-window.ts). */
  async listCheckpoints(thread: ThreadKey): Promise<CheckpointEntry[]> {
    return this.windows.entries(thread);
  }

  /** Every checkpoint newest first with what the timeline's order and run marks need, from the skeleton (skeleton.ts): no value is decoded. */
  async listSkeleton(thread: ThreadKey): Promise<TimelineSkeletonRow[]> {
    return this.windows.of(thread).timelineSkeleton();
  }

  /** The named checkpoints' timeline rows, newest first, decoding only those rows and what they read (history-window.ts). */
  async listCheckpointsByIds(thread: ThreadKey, ids: readonly string[]): Promise<CheckpointEntry[]> {
    return this.windows.of(thread).entries(ids);
  }

  /** The thread's checkpoint ids, newest first, from the index alone. Throws THREAD_NOT_FOUND. */
  async listCheckpointIds(thread: ThreadKey): Promise<string[]> {
    return this.windows.ids(thread);
  }

  /** The named checkpoints in full, newest first; a long thread decodes only those rows and what they read (inspect, page by page). */
  async listCheckpointViewsByIds(thread: ThreadKey, ids: readonly string[]): Promise<CheckpointView[]> {
    return this.windows.views(thread, ids);
  }

  /**
   * One checkpoint in full. A long thread's is decoded with what its view reads (history-window.ts), not with
   * the whole thread's values (a click on a 20,000-checkpoint timeline: 1.6 s and 230 MB more RSS).
   * Throws THREAD_NOT_FOUND or CHECKPOINT_NOT_FOUND.
   */
  async getCheckpoint(thread: ThreadKey, checkpointId: string): Promise<CheckpointView> {
    const [view] = this.windows.views(thread, [checkpointId]);
    if (!view) throw checkpointNotFound(this.path, thread, checkpointId);
    return view;
  }


  async listCheckpointViews(thread: ThreadKey): Promise<CheckpointView[]> {
    const views = this.views(thread);
    return [...views.history.ordered].reverse().map((checkpoint) => views.view(checkpoint));
  }

  /**
   * One checkpoint's channel versions; a long thread's read through its skeleton with a few ancestors at a
   * time (history-window.ts), not with the whole thread's values. Throws THREAD_NOT_FOUND or CHECKPOINT_NOT_FOUND.
   */
  async getVersions(thread: ThreadKey, checkpointId: string): Promise<CheckpointVersions> {
    const versions = this.windows.versions(thread, checkpointId);
    if (!versions) throw checkpointNotFound(this.path, thread, checkpointId);
    return versions;
  }

  /** Inferred from the history without its values (history-window.ts), kept until the file changes. */
  async getGraph(thread: ThreadKey): Promise<GraphView> {
    return this.windows.graph(thread).view;
  }

  /** PRAGMA data_version plus the sizes and times of the file and its WAL: moves on any commit. */
  async changeToken(): Promise<string> {
    return this.histories.changeToken();
  }

  async close(): Promise<void> {
    this.warmup?.stop();
    this.helper?.end();
    this.histories.clear();
    this.windows.clear();
    this.db.close();
  }

  /**
   * The decoded history of a thread with its derived views (for the edit writer and tests). Throws
   * THREAD_NOT_FOUND naming the thread, namespace and file.
   */
  views(thread: ThreadKey): HistoryViews {
    return this.histories.views(thread);
  }
}
