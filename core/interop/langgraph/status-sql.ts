/**
 * A thread's status from its head without decoding the head's channel values in JavaScript. LangGraph.js
 * stores checkpoints as JSON text, and a status (HistoryViews.status()) reads only the channels' names,
 * versions and versions_seen, the Send packets of `__pregel_tasks`, the join channels' values, the step and
 * the head's writes (their channels and task ids; values only of the null task and of Send writes).
 *   1. The commonest head, with no writes against it, is decided from a few parts SQLite's JSON functions
 *      read in C (PARTS_SQL) by the decoder's own planner (quick-status.ts). The background warm-up reads
 *      those parts for a slice of heads in one statement (statuses(), BULK_PARTS_SQL); the planner's answer is
 *      remembered by the parts' text, which the threads of one graph stopped at the same place share.
 *   2. Any other JSON head is cut down in SQL to what a status reads (HEAD_SQL: every other channel value
 *      becomes null, the metadata's `writes` keep their keys), and the decoder decides over the remainder.
 *   3. A head that is not plain JSON (Python's msgpack, an encrypted or non-JSON row, a blob large enough for
 *      the reading budget to matter) is decoded whole, so a corrupt row gets the decoder's placeholder.
 * Each answer is the decoder's by construction; test/interop/langgraph-status-sql.test.ts checks it on
 * every checkpoint of the fixtures, of LangGraph.js runs and of hand-made head shapes.
 */
import type { ThreadStatus } from "../../api/types.ts";
import type { RawDatabase } from "../../storage/sqlite/raw.ts";
import { NULL_TASK_ID } from "../ids.ts";
import { TASKS } from "./channels.ts";
import { NamespaceHistory } from "./history.ts";
import { loadCheckpoint, type LoadedCheckpoint, loadWrite, type Dialect } from "./model.ts";
import { plannedTasks } from "./next.ts";
import { QuickStatusMemo } from "./quick-status.ts";
import { type CheckpointRow, checkpointRow, type WriteRow, writesAgainst } from "./rows.ts";
import { legacySends } from "./tasks.ts";
import { HistoryViews } from "./views.ts";

/** A namespace and its newest checkpoint (thread-index.ts's IndexedNamespace fits; named here so the two files do not import each other). */
export interface NamespaceHead {
  namespace: string;
  headId: string;
}

/**
 * Heads up to this size are cut down in SQL; larger ones are decoded whole, so the reading budget's
 * placeholders (8 MB, 500,000 items) apply to them exactly as the decoder applies them.
 */
export const LIGHT_HEAD_MAX_BYTES = 256 * 1024;

/**
 * What quick-status.ts needs of a head, read in SQL: whether writes are stored against it, and (for a JSON
 * head within the size cut) its format, versions and versions_seen (one json_extract), the channel names
 * with the Send packets and join values beside theirs (one pass over channel_values), whether the
 * checkpoint has a top-level `lc`, and the metadata's `lc` and `writes` keys: one small JSON array
 * (quick-status.ts's SqlParts). The head's text is parsed once (json_valid; the functions after it find the
 * parse in SQLite's JSON cache); the row is read in place, not copied into a materialized table first.
 */
function partsSql(heads: string, at: string): string {
  const text = "CAST(h.checkpoint AS TEXT)";
  const b = `jsonb(${text})`;
  return `
SELECT h.at, EXISTS (SELECT 1 FROM writes w WHERE w.thread_id = h.thread_id AND w.checkpoint_ns = h.checkpoint_ns AND w.checkpoint_id = h.checkpoint_id) AS has_writes,
  CASE WHEN h.type IS NOT NULL AND h.type IS NOT 'json' THEN NULL
    WHEN length(h.checkpoint) > ${LIGHT_HEAD_MAX_BYTES} THEN NULL
    WHEN NOT json_valid(${text}) THEN NULL
    WHEN json_type(${b}, '$.channel_values') IS NOT 'object' THEN NULL
    ELSE json_array(json_extract(${b}, '$.v', '$.channel_versions', '$.versions_seen'),
      (SELECT json_group_array(CASE WHEN key = '${TASKS}' OR substr(key, 1, 5) = 'join:' THEN json_array(key, value) ELSE key END) FROM json_each(${b}, '$.channel_values')),
      json_type(${b}, '$.lc') IS NOT NULL,
      CASE WHEN json_valid(h.meta) THEN json_array(json_type(h.meta, '$.lc') IS NOT NULL OR json_type(h.meta, '$.writes.lc') IS NOT NULL,
        CASE WHEN json_type(h.meta, '$.writes') = 'object' THEN (SELECT json_group_array(key) FROM json_each(h.meta, '$.writes')) END) END)
  END AS parts
FROM (SELECT ${at} AS at, c.thread_id, c.checkpoint_ns, c.checkpoint_id, c.type, c.checkpoint, CAST(c.metadata AS TEXT) AS meta FROM ${heads}) AS h`;
}

const PARTS_SQL = partsSql("checkpoints c WHERE c.thread_id = ? AND c.checkpoint_ns = ? AND c.checkpoint_id = ?", "0");
/**
 * PARTS_SQL over many heads in one statement: a JSON array of [thread id, namespace, head id], each row
 * found by the primary key (`at` is the head's place in the array). One statement for a slice of heads
 * instead of one per head: about half the CPU per head on a 100,000-thread file.
 */
const BULK_PARTS_SQL = partsSql(
  "json_each(?) AS want JOIN checkpoints c ON c.thread_id = want.value ->> 0 AND c.checkpoint_ns = want.value ->> 1 AND c.checkpoint_id = want.value ->> 2",
  "want.key",
);

/** Heads of one slice handed to BULK_PARTS_SQL at once (a longer JSON argument saves nothing more). */
const BULK_HEADS = 500;

// CASE, unlike AND, is evaluated in order: no JSON function sees a row that is not valid JSON text.
const HEAD_SQL = `
SELECT thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, type,
  CASE WHEN type IS NOT NULL AND type IS NOT 'json' THEN NULL
    WHEN length(checkpoint) > ${LIGHT_HEAD_MAX_BYTES} THEN NULL
    WHEN NOT json_valid(text) THEN NULL
    WHEN json_type(text, '$.channel_values') IS NOT 'object' THEN NULL
    ELSE json_set(text, '$.channel_values', (
      SELECT json_group_object(key, CASE WHEN key = '${TASKS}' OR substr(key, 1, 5) = 'join:' THEN value END)
        FROM json_each(text, '$.channel_values'))) END AS checkpoint,
  CASE WHEN NOT json_valid(meta) THEN meta
    WHEN json_type(meta, '$.writes') IS NOT 'object' THEN meta
    ELSE json_set(meta, '$.writes', (SELECT json_group_object(key, NULL) FROM json_each(meta, '$.writes'))) END AS metadata,
  EXISTS (SELECT 1 FROM writes w WHERE w.thread_id = c.thread_id AND w.checkpoint_ns = c.checkpoint_ns AND w.checkpoint_id = c.checkpoint_id) AS has_writes
FROM (
  SELECT thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, type, checkpoint, CAST(checkpoint AS TEXT) AS text, CAST(metadata AS TEXT) AS meta
  FROM checkpoints WHERE thread_id = ? AND checkpoint_ns = ? AND checkpoint_id = ?
) AS c`;

const WRITES_SQL = `
SELECT checkpoint_id, task_id, idx, channel,
  CASE WHEN keep THEN type ELSE 'null' END AS type, CASE WHEN keep THEN value END AS value
FROM (SELECT *, task_id = '${NULL_TASK_ID}' OR channel = '${TASKS}' AS keep
  FROM writes WHERE thread_id = ? AND checkpoint_ns = ? AND checkpoint_id = ?)
ORDER BY checkpoint_id, task_id, idx`;

/** Statuses of heads decided elsewhere (status-helper.ts: a worker thread on its own connection), for one connection's readers. */
export interface LentStatuses {
  /** Per head its status decided elsewhere (null: the head is gone), or undefined: the caller decides it. */
  lend(heads: ReadonlyArray<{ threadId: string; entry: NamespaceHead }>): Array<ThreadStatus | null | undefined> | undefined;
}

const lenders = new WeakMap<RawDatabase, LentStatuses>();

/** Let HeadStatuses.statuses() of `db` take the statuses `lender` decided (undefined: no more). */
export function lendStatuses(db: RawDatabase, lender: LentStatuses | undefined): void {
  if (lender) lenders.set(db, lender);
  else lenders.delete(db);
}

/** Decides head statuses of one file: cut down in SQL for LangGraph.js JSON heads, decoded whole otherwise. */
export class HeadStatuses {
  /** Heads decided in SQL alone, cut down in SQL then decided by the decoder, decoded whole, and taken from a lender, since this reader was made. */
  readonly counts = { sql: 0, light: 0, whole: 0, lent: 0 };

  constructor(
    private readonly db: RawDatabase,
    private readonly dialect: Dialect,
  ) {}

  /** quickStatus by the parts' text: threads of one graph stopped at the same place share it. */
  private readonly quickMemo = new QuickStatusMemo();

  /** The status of `entry`'s namespace from its head, or null when the head is no longer in the file. */
  status(threadId: string, entry: NamespaceHead): ThreadStatus | null {
    if (this.dialect !== "js") return this.decoded(threadId, entry);
    const quick = this.db.get<{ has_writes: number; parts: string | null }>(PARTS_SQL, threadId, entry.namespace, entry.headId);
    if (!quick) return null;
    const status = this.quick(quick);
    if (status !== null) {
      this.counts.sql += 1;
      return status;
    }
    return this.light(threadId, entry);
  }

  /**
   * status() of many heads, the same answers: the quick parts of a slice of heads are read in one statement
   * (BULK_PARTS_SQL); a head they do not decide (writes against it, an unusual or missing row) takes status().
   */
  statuses(heads: ReadonlyArray<{ threadId: string; entry: NamespaceHead }>): Array<ThreadStatus | null> {
    if (this.dialect !== "js") return heads.map((head) => this.decoded(head.threadId, head.entry));
    const lent = lenders.get(this.db)?.lend(heads);
    if (!lent) return this.read(heads);
    const own = this.read(heads.filter((_, at) => lent[at] === undefined));
    let next = 0;
    return lent.map((status) => {
      if (status === undefined) return own[next++] as ThreadStatus | null;
      this.counts.lent += 1;
      return status;
    });
  }

  /** statuses() read from this connection. */
  private read(heads: ReadonlyArray<{ threadId: string; entry: NamespaceHead }>): Array<ThreadStatus | null> {
    // Per head: its quick status, "light" when its row was read but not decided by it, undefined when not read.
    const out = new Array<"pending" | "done" | "light" | undefined>(heads.length).fill(undefined);
    for (let from = 0; from < heads.length; from += BULK_HEADS) {
      const slice = heads.slice(from, from + BULK_HEADS).map((head) => [head.threadId, head.entry.namespace, head.entry.headId]);
      for (const row of this.db.all<{ at: number; has_writes: number; parts: string | null }>(BULK_PARTS_SQL, JSON.stringify(slice))) {
        const status = this.quick(row);
        out[from + row.at] = status ?? "light";
        if (status !== null) this.counts.sql += 1;
      }
    }
    return out.map((status, at) => {
      const { threadId, entry } = heads[at]!;
      return status === undefined ? this.status(threadId, entry) : status === "light" ? this.light(threadId, entry) : status;
    });
  }

  private quick(row: { has_writes: number; parts: string | null }): "pending" | "done" | null {
    return row.has_writes || row.parts === null ? null : this.quickMemo.of(row.parts);
  }

  /** A JSON head cut down in SQL, then decided by the decoder (or decoded whole when it cannot be cut). */
  private light(threadId: string, entry: NamespaceHead): ThreadStatus | null {
    const row = this.db.get<CheckpointRow & { has_writes: number }>(HEAD_SQL, threadId, entry.namespace, entry.headId);
    if (!row) return null;
    if (row.checkpoint === null) return this.decoded(threadId, entry);
    this.counts.light += 1;
    const head = loadCheckpoint(row, this.dialect, this.db.file);
    if (!row.has_writes) {
      // No writes against the head: nothing failed or waits, so the head is pending exactly when it plans a task.
      const history = new NamespaceHistory(this.db.file, threadId, entry.namespace, this.dialect, [head], []);
      return plannedTasks({ checkpoint: head, nullWrites: [], legacySends: legacySends(history, head), nodes: history.nodes }).length > 0 ? "pending" : "done";
    }
    return this.decide(threadId, entry.namespace, head, this.db.all<WriteRow>(WRITES_SQL, threadId, entry.namespace, entry.headId));
  }

  /** The status from the head and its writes decoded whole (what HistoryViews.status() decides from them). */
  decoded(threadId: string, entry: NamespaceHead): ThreadStatus | null {
    this.counts.whole += 1;
    const headRow = checkpointRow(this.db, threadId, entry.namespace, entry.headId);
    if (!headRow) return null;
    return this.decide(threadId, entry.namespace, loadCheckpoint(headRow, this.dialect, this.db.file), writesAgainst(this.db, threadId, entry.namespace, [entry.headId]));
  }

  private decide(threadId: string, namespace: string, head: LoadedCheckpoint, rows: WriteRow[]): ThreadStatus {
    const where = `checkpoint "${head.id}" of thread "${threadId}" in "${this.db.file}"`;
    const writes = rows.map((row) => loadWrite(row, where));
    return new HistoryViews(new NamespaceHistory(this.db.file, threadId, namespace, this.dialect, [head], writes)).status();
  }
}
