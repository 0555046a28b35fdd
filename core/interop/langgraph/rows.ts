/**
 * The SQL a LangGraph reader needs, over the two tables of docs/langgraph-format.md, section 1 (identical in LangGraph.js and
 * Python). Rows come back undecoded; ordering is done here so every caller sees the same order:
 * checkpoints by id (= creation order), writes by (checkpoint, task, idx) as Python reads them.
 */
import type { RawDatabase } from "../../storage/sqlite/raw.ts";

export interface CheckpointRow {
  thread_id: string;
  checkpoint_ns: string;
  checkpoint_id: string;
  parent_checkpoint_id: string | null;
  type: string | null;
  checkpoint: Uint8Array | string | null;
  metadata: Uint8Array | string | null;
}

export interface WriteRow {
  checkpoint_id: string;
  task_id: string;
  idx: number;
  channel: string;
  type: string | null;
  value: Uint8Array | string | null;
}

export interface NamespaceRow {
  thread_id: string;
  checkpoint_ns: string;
  count: number;
  head_id: string;
}

/** Every (thread, namespace) with its checkpoint count and head (largest id). */
export function namespaceRows(db: RawDatabase): NamespaceRow[] {
  return db.all<NamespaceRow>(
    "SELECT thread_id, checkpoint_ns, COUNT(*) AS count, MAX(checkpoint_id) AS head_id FROM checkpoints GROUP BY thread_id, checkpoint_ns ORDER BY thread_id, checkpoint_ns",
  );
}

/** The checkpoints of one (thread, namespace), oldest first. */
export function checkpointRows(db: RawDatabase, threadId: string, namespace: string): CheckpointRow[] {
  return db.all<CheckpointRow>(
    `SELECT thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, type, checkpoint, metadata
       FROM checkpoints WHERE thread_id = ? AND checkpoint_ns = ? ORDER BY checkpoint_id`,
    threadId,
    namespace,
  );
}

/** The writes of one (thread, namespace), by checkpoint, task and idx. */
export function writeRows(db: RawDatabase, threadId: string, namespace: string): WriteRow[] {
  return db.all<WriteRow>(
    `SELECT checkpoint_id, task_id, idx, channel, type, value
       FROM writes WHERE thread_id = ? AND checkpoint_ns = ? ORDER BY checkpoint_id, task_id, idx`,
    threadId,
    namespace,
  );
}

/** The largest checkpoint id of a thread in any namespace (new ids must sort after it), or null. */
export function maxCheckpointId(db: RawDatabase, threadId: string): string | null {
  return db.get<{ id: string | null }>("SELECT MAX(checkpoint_id) AS id FROM checkpoints WHERE thread_id = ?", threadId)?.id ?? null;
}

/** Names of the tables in the file and the columns of the two LangGraph tables. */
export function schemaOf(db: RawDatabase): { tables: Set<string>; columns: (table: string) => Set<string> } {
  const tables = new Set(db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").map((row) => row.name));
  return { tables, columns: (table) => new Set(db.all<{ name: string }>("SELECT name FROM pragma_table_info(?)", table).map((row) => row.name)) };
}

export interface NamespaceIndexRow {
  thread_id: string;
  checkpoint_ns: string;
  count: number;
  head_id: string;
}

/**
 * Every (thread, namespace) with its checkpoint count and head, newest head first, read from the primary
 * key's index alone (no blob is touched): the thread list's order without decoding anything.
 */
export function namespaceIndex(db: RawDatabase): NamespaceIndexRow[] {
  return db.all<NamespaceIndexRow>("SELECT thread_id, checkpoint_ns, COUNT(*) AS count, MAX(checkpoint_id) AS head_id FROM checkpoints GROUP BY thread_id, checkpoint_ns ORDER BY head_id DESC");
}

/**
 * namespaceIndex a slice at a time, for building the index without holding the event loop: up to `limit`
 * (thread, namespace) rows of threads after `afterThread`, by thread id then namespace, counting only rows
 * with a rowid up to `maxRowid` (the rowid is in the primary key's index, so no blob is touched either).
 */
export function namespaceIndexSlice(db: RawDatabase, afterThread: string | null, maxRowid: number, limit: number): NamespaceIndexRow[] {
  const where = afterThread === null ? "rowid <= ?" : "thread_id > ? AND rowid <= ?";
  const params = afterThread === null ? [maxRowid, limit] : [afterThread, maxRowid, limit];
  return db.all<NamespaceIndexRow>(
    `SELECT thread_id, checkpoint_ns, COUNT(*) AS count, MAX(checkpoint_id) AS head_id FROM checkpoints WHERE ${where} GROUP BY thread_id, checkpoint_ns ORDER BY thread_id, checkpoint_ns LIMIT ?`,
    ...params,
  );
}

export interface RecentRow {
  rowid: number;
  thread_id: string;
  checkpoint_id: string;
}

/**
 * Up to `limit` checkpoint rows below `belowRowid`, newest write first (LangGraph's tables have rowids, and a
 * new row gets a larger one), skipping the threads in `skip`: SQLite passes over their rows itself, so a
 * 20,000-checkpoint thread written last costs one page walk, not 20,000 rows handed to JavaScript.
 */
export function recentRows(db: RawDatabase, belowRowid: number, skip: readonly string[], limit: number): RecentRow[] {
  return db.all<RecentRow>(
    "SELECT rowid, thread_id, checkpoint_id FROM checkpoints WHERE rowid < ? AND thread_id NOT IN (SELECT value FROM json_each(?)) ORDER BY rowid DESC LIMIT ?",
    belowRowid,
    JSON.stringify(skip),
    limit,
  );
}

/** One thread's (namespace, count, head) rows, as namespaceIndex gives them for every thread. */
export function threadIndexRows(db: RawDatabase, threadId: string): NamespaceIndexRow[] {
  return db.all<NamespaceIndexRow>(
    "SELECT thread_id, checkpoint_ns, COUNT(*) AS count, MAX(checkpoint_id) AS head_id FROM checkpoints WHERE thread_id = ? GROUP BY checkpoint_ns ORDER BY head_id DESC",
    threadId,
  );
}

export interface KeyRow {
  thread_id: string;
  checkpoint_ns: string;
}

/**
 * Every (thread, namespace) of up to `limit` threads after `afterThread` (from the first when null), or of
 * thread `only` alone, by thread id then namespace (bytewise), from the primary key's index alone: no blob
 * is touched and no list of every thread is held.
 */
export function threadKeyRows(db: RawDatabase, slice: { afterThread: string | null; limit: number } | { only: string }): KeyRow[] {
  if ("only" in slice) return db.all<KeyRow>("SELECT DISTINCT thread_id, checkpoint_ns FROM checkpoints WHERE thread_id = ? ORDER BY checkpoint_ns", slice.only);
  const after = slice.afterThread === null ? "" : "WHERE thread_id > ?";
  return db.all<KeyRow>(
    `SELECT thread_id, checkpoint_ns FROM checkpoints WHERE thread_id IN (SELECT DISTINCT thread_id FROM checkpoints ${after} ORDER BY thread_id LIMIT ?)
      GROUP BY thread_id, checkpoint_ns ORDER BY thread_id, checkpoint_ns`,
    ...(slice.afterThread === null ? [slice.limit] : [slice.afterThread, slice.limit]),
  );
}

/** One checkpoint row, or undefined. */
export function checkpointRow(db: RawDatabase, threadId: string, namespace: string, checkpointId: string): CheckpointRow | undefined {
  return db.get<CheckpointRow>(
    "SELECT thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, type, checkpoint, metadata FROM checkpoints WHERE thread_id = ? AND checkpoint_ns = ? AND checkpoint_id = ?",
    threadId,
    namespace,
    checkpointId,
  );
}

/** The first (oldest) checkpoint row of a (thread, namespace). */
export function firstCheckpointRow(db: RawDatabase, threadId: string, namespace: string): CheckpointRow | undefined {
  return db.get<CheckpointRow>(
    "SELECT thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, type, checkpoint, metadata FROM checkpoints WHERE thread_id = ? AND checkpoint_ns = ? ORDER BY checkpoint_id LIMIT 1",
    threadId,
    namespace,
  );
}

/** Every checkpoint's id and parent of a (thread, namespace), without values (branch counting). */
export function parentLinks(db: RawDatabase, threadId: string, namespace: string): Array<{ id: string; parent: string | null }> {
  return db.all("SELECT checkpoint_id AS id, parent_checkpoint_id AS parent FROM checkpoints WHERE thread_id = ? AND checkpoint_ns = ?", threadId, namespace);
}

/** The writes stored against some checkpoints of a (thread, namespace), by checkpoint, task and idx. */
export function writesAgainst(db: RawDatabase, threadId: string, namespace: string, checkpointIds: string[]): WriteRow[] {
  if (checkpointIds.length === 0) return [];
  return db.all<WriteRow>(
    `SELECT checkpoint_id, task_id, idx, channel, type, value FROM writes WHERE thread_id = ? AND checkpoint_ns = ? AND checkpoint_id IN (${checkpointIds.map(() => "?").join(", ")}) ORDER BY checkpoint_id, task_id, idx`,
    threadId,
    namespace,
    ...checkpointIds,
  );
}
