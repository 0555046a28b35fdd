/**
 * The thread list of a LangGraph SQLite file without decoding every checkpoint. The order, counts and
 * namespaces come from one aggregate over the checkpoints table's primary-key index; a thread's row
 * (status, writers, step, branches, times) is decoded from its head, the head's parent and first
 * checkpoint and their writes, only when a page shows it. Rows are memoized by a stamp (head id,
 * checkpoint count, write count) that moves whenever LangGraph adds a checkpoint or a write, so a
 * changed file re-decodes only the threads that changed.
 */
import { namespaceSummary } from "../../api/thread-filter.ts";
import type { ThreadRow } from "../../api/types.ts";
import type { RawDatabase } from "../../storage/sqlite/raw.ts";
import { NamespaceHistory } from "./history.ts";
import { loadCheckpoint, loadWrite, type Dialect } from "./model.ts";
import { checkpointRow, firstCheckpointRow, namespaceIndex, parentLinks, writeCounts, writesAgainst } from "./rows.ts";
import { HistoryViews } from "./views.ts";

export interface IndexedNamespace {
  namespace: string;
  count: number;
  headId: string;
  /** Moves whenever the namespace gets a checkpoint or a write. */
  stamp: string;
}

export interface IndexedThread {
  threadId: string;
  /** The root namespace first (when the thread has one), then its subgraphs, newest head first. */
  namespaces: IndexedNamespace[];
  /** Moves whenever any namespace of the thread does. */
  stamp: string;
}

/** Every thread of the file, newest root head first (LangGraph's own "latest": the largest checkpoint id). */
export function readThreadIndex(db: RawDatabase): IndexedThread[] {
  const writes = new Map<string, number>();
  for (const row of writeCounts(db)) writes.set(`${row.thread_id}\u0000${row.checkpoint_ns}`, row.count);
  const threads = new Map<string, IndexedThread>();
  for (const row of namespaceIndex(db)) {
    const stamp = `${row.head_id}/${row.count}/${writes.get(`${row.thread_id}\u0000${row.checkpoint_ns}`) ?? 0}`;
    const entry: IndexedNamespace = { namespace: row.checkpoint_ns, count: row.count, headId: row.head_id, stamp };
    const thread = threads.get(row.thread_id);
    if (!thread) threads.set(row.thread_id, { threadId: row.thread_id, namespaces: [entry], stamp });
    else if (entry.namespace === "") thread.namespaces.unshift(entry);
    else thread.namespaces.push(entry);
  }
  const list = [...threads.values()];
  for (const thread of list) thread.stamp = thread.namespaces.map((ns) => `${ns.namespace}=${ns.stamp}`).join(";");
  const key = (thread: IndexedThread) => thread.namespaces[0]!.headId;
  return list.sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : a.threadId < b.threadId ? -1 : 1));
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

/** Thread rows by stamp: decoded once per change of the thread. */
export class ThreadSummaries {
  private readonly rows = new Map<string, { stamp: string; row: ThreadRow }>();

  constructor(
    private readonly db: RawDatabase,
    private readonly dialect: Dialect,
  ) {}

  /** The thread's row: its root namespace (or first namespace) with the others inside it. */
  row(thread: IndexedThread): ThreadRow {
    const cached = this.rows.get(thread.threadId);
    if (cached && cached.stamp === thread.stamp) return cached.row;
    const [root, ...nested] = thread.namespaces.map((entry) => summarizeNamespace(this.db, this.dialect, thread.threadId, entry)).filter((row): row is ThreadRow => row !== null);
    if (!root) throw new Error(`thread "${thread.threadId}" lost its checkpoints in "${this.db.file}" while it was read`);
    const row: ThreadRow = { ...root, namespaces: nested.sort((a, b) => (b.updatedAt ?? 0) - (a.updatedAt ?? 0) || (a.namespace < b.namespace ? -1 : 1)).map(namespaceSummary) };
    this.rows.set(thread.threadId, { stamp: thread.stamp, row });
    return row;
  }

  /** Forget threads that are no longer in the file. */
  retain(threads: readonly IndexedThread[]): void {
    if (this.rows.size <= threads.length) return;
    const alive = new Set(threads.map((thread) => thread.threadId));
    for (const id of this.rows.keys()) if (!alive.has(id)) this.rows.delete(id);
  }
}
