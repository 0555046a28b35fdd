/**
 * The thread list of a LangGraph SQLite file without decoding every checkpoint. The order, counts and
 * namespaces come from one aggregate over the checkpoints table's primary-key index (read a slice at a
 * time by ThreadIndex.build, so a big file's first screen is answered meanwhile: recent-threads.ts); a thread's row
 * (status, writers, step, branches, times) is decoded from its head, the head's parent and first
 * checkpoint and their writes, only when a page shows it. Rows are memoized by a stamp (head id,
 * checkpoint count, write count) that moves whenever LangGraph adds a checkpoint or a write, so a
 * changed file re-decodes only the threads that changed.
 */
import { withNamespaces } from "../../api/thread-filter.ts";
import type { ThreadRow, ThreadStatus } from "../../api/types.ts";
import type { RawDatabase } from "../../storage/sqlite/raw.ts";
import { NamespaceHistory } from "./history.ts";
import { loadCheckpoint, loadWrite, type Dialect } from "./model.ts";
import { checkpointRow, firstCheckpointRow, namespaceIndex, namespaceIndexSlice, type NamespaceIndexRow, parentLinks, threadIndexRows, writesAgainst } from "./rows.ts";
import type { StatusCache } from "./status-cache.ts";
import { HeadStatuses } from "./status-sql.ts";
import { HistoryViews } from "./views.ts";

export interface IndexedNamespace {
  namespace: string;
  count: number;
  headId: string;
}

export interface IndexedThread {
  threadId: string;
  /** The root namespace first (when the thread has one), then its subgraphs, newest head first. */
  namespaces: IndexedNamespace[];
  /** Moves whenever the thread gets a checkpoint or a write. */
  stamp: string;
}

/** Group (thread, namespace) rows, newest head first, into threads (added to `into`, whose threads the rows must not name). */
export function threadsOf(rows: readonly NamespaceIndexRow[], stampOf: (threadId: string, namespaces: IndexedNamespace[]) => string, into = new Map<string, IndexedThread>()): Map<string, IndexedThread> {
  const added: IndexedThread[] = [];
  let current: IndexedThread | undefined;
  for (const row of rows) {
    const entry: IndexedNamespace = { namespace: row.checkpoint_ns, count: row.count, headId: row.head_id };
    // Rows read by thread id come a thread at a time: the map is asked only when the thread changes.
    const thread = current !== undefined && current.threadId === row.thread_id ? current : into.get(row.thread_id);
    if (!thread) {
      current = { threadId: row.thread_id, namespaces: [entry], stamp: "" };
      into.set(row.thread_id, current);
      added.push(current);
    } else {
      current = thread;
      if (entry.namespace === "") thread.namespaces.unshift(entry);
      else thread.namespaces.push(entry);
    }
  }
  for (const thread of added) {
    // Rows read by thread id (ThreadIndex.build's slices) come by namespace: subgraphs go newest head first.
    if (thread.namespaces.length > 1) {
      const first = thread.namespaces[0]!.namespace === "" ? 1 : 0;
      thread.namespaces = [...thread.namespaces.slice(0, first), ...thread.namespaces.slice(first).sort((a, b) => (a.headId < b.headId ? 1 : a.headId > b.headId ? -1 : 0))];
    }
    thread.stamp = stampOf(thread.threadId, thread.namespaces);
  }
  return into;
}

const headOf = (thread: IndexedThread) => thread.namespaces[0]!.headId;
/** The thread list's order: the newest root head (LangGraph's "latest": the largest checkpoint id) first, then by thread id. */
export const newestFirst = (a: IndexedThread, b: IndexedThread) => (headOf(a) < headOf(b) ? 1 : headOf(a) > headOf(b) ? -1 : a.threadId < b.threadId ? -1 : 1);
/** A thread's stamp as read from the file (before any change this session). */
export const describe = (namespaces: IndexedNamespace[]) => namespaces.map((ns) => `${ns.namespace}=${ns.headId}/${ns.count}`).join(";");

/**
 * Every thread of the file, newest root head first (LangGraph's own "latest": the largest checkpoint id),
 * read with one aggregate over the primary key's index. When the file changes, update() re-reads only the
 * threads that rows added since (by rowid, in both tables) belong to, so a live run costs O(new rows).
 */
export class ThreadIndex {
  private byId: Map<string, IndexedThread>;
  private ordered: IndexedThread[] | null = null;
  private checkpointRowid: number;
  private writeRowid: number;
  private versions = new Map<string, number>();
  private rebuilds = 0;

  /** Read the whole index now (one aggregate); `read` gives rows already read, with the marks taken before them. */
  constructor(
    private readonly db: RawDatabase,
    read?: { threads: Map<string, IndexedThread>; marks: { checkpoints: number; writes: number } },
  ) {
    const marks = read?.marks ?? marksOf(db);
    this.byId = read?.threads ?? threadsOf(namespaceIndex(db), (_, namespaces) => describe(namespaces));
    this.checkpointRowid = marks.checkpoints;
    this.writeRowid = marks.writes;
  }

  /**
   * The index read `slice` (thread, namespace) rows at a time, awaiting `pause` between slices (and before
   * the first with `pauseFirst`) so other requests are answered meanwhile. It counts the rows up to the rowids marked before the first slice (the
   * rowid is in the primary key's index), so it describes the file as it was then whatever commits while it
   * reads; update() then brings it forward, as after any commit.
   */
  static async build(db: RawDatabase, pause: () => Promise<void>, slice = 5_000, pauseFirst = false): Promise<ThreadIndex> {
    const marks = marksOf(db);
    // Grouped a slice at a time (a thread's rows are never split between slices): no list of every row.
    const threads = new Map<string, IndexedThread>();
    const stamp = (_: string, namespaces: IndexedNamespace[]) => describe(namespaces);
    let after: string | null = null;
    if (pauseFirst) await pause();
    for (;;) {
      const read = indexSlice(db, after, marks.checkpoints, slice);
      if (read.length < slice) {
        threadsOf(read, stamp, threads);
        break;
      }
      // The slice may end inside a thread's namespaces: keep whole threads, the next slice starts after them.
      const last = read[read.length - 1]!.thread_id;
      let end = read.length;
      while (end > 0 && read[end - 1]!.thread_id === last) end -= 1;
      threadsOf(end === 0 ? threadIndexRows(db, last) : read.slice(0, end), stamp, threads);
      after = end === 0 ? last : read[end - 1]!.thread_id;
      await pause();
    }
    return new ThreadIndex(db, { threads, marks });
  }

  /** Threads newest first. */
  get threads(): IndexedThread[] {
    this.ordered ??= [...this.byId.values()].sort(newestFirst);
    return this.ordered;
  }

  /**
   * Bring the index up to date after another connection committed; returns the ids of threads that changed.
   * Rows removed (a deleted thread, a vacuumed file) make it read the whole index again.
   */
  update(): string[] {
    const marks = marksOf(this.db);
    if (marks.checkpoints < this.checkpointRowid || marks.writes < this.writeRowid) return this.rebuild();
    const changed = new Set<string>();
    for (const row of this.db.all<{ id: string }>("SELECT DISTINCT thread_id AS id FROM checkpoints WHERE rowid > ?", this.checkpointRowid)) changed.add(row.id);
    for (const row of this.db.all<{ id: string }>("SELECT DISTINCT thread_id AS id FROM writes WHERE rowid > ?", this.writeRowid)) changed.add(row.id);
    this.checkpointRowid = marks.checkpoints;
    this.writeRowid = marks.writes;
    for (const id of changed) {
      const version = (this.versions.get(id) ?? 0) + 1;
      this.versions.set(id, version);
      const thread = threadsOf(threadIndexRows(this.db, id), (_, namespaces) => `${describe(namespaces)}#${version}`).get(id);
      if (thread) this.byId.set(id, thread);
      else this.byId.delete(id);
    }
    if (changed.size > 0) this.ordered = null;
    let total = 0;
    for (const thread of this.byId.values()) for (const ns of thread.namespaces) total += ns.count;
    if (total !== this.db.get<{ count: number }>("SELECT COUNT(*) AS count FROM checkpoints")!.count) return this.rebuild();
    return [...changed];
  }

  private rebuild(): string[] {
    const before = this.byId;
    const fresh = new ThreadIndex(this.db);
    this.byId = fresh.byId;
    this.checkpointRowid = fresh.checkpointRowid;
    this.writeRowid = fresh.writeRowid;
    this.ordered = null;
    const changed = [...this.byId.values()].filter((thread) => before.get(thread.threadId)?.stamp !== thread.stamp).map((thread) => thread.threadId);
    for (const id of before.keys()) if (!this.byId.has(id)) changed.push(id);
    // Stamps of a rebuilt index carry no write version: move every thread's on, so no stale row survives.
    this.versions.clear();
    this.rebuilds += 1;
    for (const thread of this.byId.values()) thread.stamp = `${thread.stamp}@${this.rebuilds}`;
    return changed;
  }

}

/** namespaceIndexSlice's rows handed over as one JSON text (a tuple a row), which SQLite and JSON.parse make faster than a row object each. */
const INDEX_SLICE_JSON = (after: boolean) => `
SELECT json_group_array(json_array(thread_id, checkpoint_ns, count, head_id)) AS rows FROM (
  SELECT thread_id, checkpoint_ns, COUNT(*) AS count, MAX(checkpoint_id) AS head_id FROM checkpoints
  WHERE ${after ? "thread_id > ? AND " : ""}rowid <= ? GROUP BY thread_id, checkpoint_ns ORDER BY thread_id, checkpoint_ns LIMIT ?)`;
const SLICE_AFTER = INDEX_SLICE_JSON(true);
const SLICE_FIRST = INDEX_SLICE_JSON(false);

/**
 * namespaceIndexSlice (rows.ts), the same rows in the same order, read as one JSON text: a quarter less CPU
 * for a 100,000-thread file. A key JSON cannot hold (a BLOB thread id) makes SQLite refuse the text: that
 * slice is read as rows instead.
 */
function indexSlice(db: RawDatabase, afterThread: string | null, maxRowid: number, limit: number): NamespaceIndexRow[] {
  let text: string;
  try {
    text = (afterThread === null ? db.get<{ rows: string }>(SLICE_FIRST, maxRowid, limit) : db.get<{ rows: string }>(SLICE_AFTER, afterThread, maxRowid, limit))!.rows;
  } catch {
    return namespaceIndexSlice(db, afterThread, maxRowid, limit);
  }
  return (JSON.parse(text) as Array<[string, string, number, string]>).map(([thread_id, checkpoint_ns, count, head_id]) => ({ thread_id, checkpoint_ns, count, head_id }));
}

/** The largest rowid of each table (LangGraph's tables have rowids: new rows get larger ones). */
function marksOf(db: RawDatabase): { checkpoints: number; writes: number } {
  const row = db.get<{ checkpoints: number | null; writes: number | null }>("SELECT (SELECT MAX(rowid) FROM checkpoints) AS checkpoints, (SELECT MAX(rowid) FROM writes) AS writes")!;
  return { checkpoints: row.checkpoints ?? 0, writes: row.writes ?? 0 };
}

/**
 * One namespace's row from its head, the head's parent and its first checkpoint (and their writes):
 * the same row HistoryViews.threadRow() gives from the whole history, at the cost of three checkpoints.
 */
export function summarizeNamespace(db: RawDatabase, dialect: Dialect, threadId: string, entry: IndexedNamespace): ThreadRow | null {
  const { namespace } = entry;
  const headRow = checkpointRow(db, threadId, namespace, entry.headId);
  if (!headRow) return null;
  const head = loadCheckpoint(headRow, dialect, db.file);
  const parentRow = head.parentId === null ? undefined : checkpointRow(db, threadId, namespace, head.parentId);
  const parent = parentRow ? loadCheckpoint(parentRow, dialect, db.file) : undefined;
  const checkpoints = parent ? [parent, head].sort((a, b) => (a.id < b.id ? -1 : 1)) : [head];
  const where = (id: string) => `checkpoint "${id}" of thread "${threadId}" in "${db.file}"`;
  const writes = writesAgainst(db, threadId, namespace, checkpoints.map((checkpoint) => checkpoint.id)).map((row) => loadWrite(row, where(row.checkpoint_id)));
  const row = new HistoryViews(new NamespaceHistory(db.file, threadId, namespace, dialect, checkpoints, writes)).threadRow();
  let createdAt = checkpoints[0]!.createdAt;
  let branchCount = 1;
  if (entry.count > checkpoints.length) {
    const firstRow = firstCheckpointRow(db, threadId, namespace);
    if (firstRow) createdAt = loadCheckpoint(firstRow, dialect, db.file).createdAt;
  }
  if (entry.count > 1) {
    const links = parentLinks(db, threadId, namespace);
    const parents = new Set(links.map((link) => link.parent));
    branchCount = links.filter((link) => !parents.has(link.id)).length;
  }
  return { ...row, checkpointCount: entry.count, branchCount, createdAt };
}

/**
 * Thread rows by stamp: decoded once per change of the thread. With a StatusCache (status-cache.ts), statuses
 * decided in an earlier session are reused for threads unchanged since this session's index was built.
 */
export class ThreadSummaries {
  private readonly rows = new Map<string, { stamp: string; row: ThreadRow }>();
  private readonly statuses = new Map<string, { stamp: string; status: ThreadStatus }>();
  private readonly heads: HeadStatuses;

  constructor(
    private readonly db: RawDatabase,
    private readonly dialect: Dialect,
    /** The cache, or what opens it on first use (its sidecar and the writes' marks are not read for a page then). */
    private cacheOrOpen?: StatusCache | (() => StatusCache),
  ) {
    this.heads = new HeadStatuses(db, dialect);
  }

  private get cache(): StatusCache | undefined {
    if (typeof this.cacheOrOpen === "function") this.cacheOrOpen = this.cacheOrOpen();
    return this.cacheOrOpen;
  }

  /** The thread's row: its root namespace (or first namespace) with the others inside it. */
  row(thread: IndexedThread): ThreadRow {
    const cached = this.rows.get(thread.threadId);
    if (cached && cached.stamp === thread.stamp) return cached.row;
    const [root, ...nested] = thread.namespaces.map((entry) => summarizeNamespace(this.db, this.dialect, thread.threadId, entry)).filter((row): row is ThreadRow => row !== null);
    if (!root) throw new Error(`thread "${thread.threadId}" lost its checkpoints in "${this.db.file}" while it was read`);
    const row = withNamespaces(root, nested);
    this.rows.set(thread.threadId, { stamp: thread.stamp, row });
    return row;
  }

  /** The thread's status (its root namespace's), from its row when decoded, else from its head alone. */
  status(thread: IndexedThread): ThreadStatus {
    return this.known(thread) ?? this.keep(thread, this.heads.status(thread.threadId, thread.namespaces[0]!));
  }

  /** status() of each thread (the background warm-up's slices): the heads not known yet are read together (HeadStatuses.statuses). */
  statusesOf(threads: readonly IndexedThread[]): void {
    const unknown = threads.filter((thread) => this.known(thread) === undefined);
    const decided = this.heads.statuses(unknown.map((thread) => ({ threadId: thread.threadId, entry: thread.namespaces[0]! })));
    unknown.forEach((thread, at) => this.keep(thread, decided[at]!));
  }

  /** The status already known for the thread as it is now (decoded row, decided this session, or the sidecar's), else undefined. */
  private known(thread: IndexedThread): ThreadStatus | undefined {
    const row = this.rows.get(thread.threadId);
    // With a sidecar cache the status is read after the cache loaded (its marks then cover what the status
    // saw) and stored in it, so a later session finds the first page's threads too instead of saving again.
    if (row && row.stamp === thread.stamp && this.cacheOrOpen === undefined) return row.row.status;
    const known = this.statuses.get(thread.threadId);
    if (known && known.stamp === thread.stamp) return known.status;
    const root = thread.namespaces[0]!;
    // A thread changed this session (its stamp carries a version) may have writes the cache's marks predate.
    const stored = this.cacheOrOpen === undefined ? undefined : this.cache?.get(thread.threadId, root.namespace, root.headId);
    return stored === undefined || thread.stamp !== describe(thread.namespaces) ? undefined : this.keep(thread, stored);
  }

  /** Remember a status decided from the thread's root head (null: the head is gone, read as done). */
  private keep(thread: IndexedThread, decided: ThreadStatus | null): ThreadStatus {
    const status = decided ?? "done";
    const root = thread.namespaces[0]!;
    this.statuses.set(thread.threadId, { stamp: thread.stamp, status });
    this.cache?.set(thread.threadId, root.namespace, root.headId, status);
    return status;
  }

  /** Write the statuses decided so far to the cache's sidecar file (when there is a cache and something new). */
  save(): void {
    this.cache?.save();
  }

  /** Forget threads that are no longer in the file. */
  retain(threads: readonly IndexedThread[]): void {
    if (this.rows.size <= threads.length && this.statuses.size <= threads.length) return;
    const alive = new Set(threads.map((thread) => thread.threadId));
    for (const id of this.rows.keys()) if (!alive.has(id)) this.rows.delete(id);
    for (const id of this.statuses.keys()) if (!alive.has(id)) this.statuses.delete(id);
  }
}
