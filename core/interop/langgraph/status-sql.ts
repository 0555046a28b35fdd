/**
 * A thread's status from its head without decoding the head's channel values in JavaScript. LangGraph.js
 * stores checkpoints as JSON text, and a status (HistoryViews.status()) reads only the channels' names,
 * versions and versions_seen, the Send packets of `__pregel_tasks`, the join channels' values, the step and
 * the head's writes (their channels and task ids; values only of the null task and of Send writes). SQLite's
 * JSON functions, in C, cut the head down to exactly that (every other channel value becomes null, the
 * metadata's `writes` keep their keys), and the same decoder then decides the status over the small
 * remainder, so the answer is the decoder's by construction. A head that is not plain JSON (Python's
 * msgpack, an encrypted or non-JSON row, a blob large enough for the reading budget to matter) is decoded
 * whole, so a corrupt row gets the decoder's placeholder, never a hang.
 */
import type { ThreadStatus } from "../../api/types.ts";
import type { RawDatabase } from "../../storage/sqlite/raw.ts";
import { NULL_TASK_ID } from "../ids.ts";
import { TASKS } from "./channels.ts";
import { NamespaceHistory } from "./history.ts";
import { loadCheckpoint, type LoadedCheckpoint, loadWrite, type Dialect } from "./model.ts";
import { plannedTasks } from "./next.ts";
import { type CheckpointRow, checkpointRow, type WriteRow, writesAgainst } from "./rows.ts";
import { legacySends } from "./tasks.ts";
import type { IndexedNamespace } from "./thread-index.ts";
import { HistoryViews } from "./views.ts";

/**
 * Heads up to this size are cut down in SQL; larger ones are decoded whole, so the reading budget's
 * placeholders (8 MB, 500,000 items) apply to them exactly as the decoder applies them.
 */
export const LIGHT_HEAD_MAX_BYTES = 256 * 1024;

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

/** Decides head statuses of one file: cut down in SQL for LangGraph.js JSON heads, decoded whole otherwise. */
export class HeadStatuses {
  /** Heads cut down in SQL, and heads decoded whole, since this reader was made. */
  readonly counts = { light: 0, whole: 0 };

  constructor(
    private readonly db: RawDatabase,
    private readonly dialect: Dialect,
  ) {}

  /** The status of `entry`'s namespace from its head, or null when the head is no longer in the file. */
  status(threadId: string, entry: IndexedNamespace): ThreadStatus | null {
    if (this.dialect !== "js") return this.decoded(threadId, entry);
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
  decoded(threadId: string, entry: IndexedNamespace): ThreadStatus | null {
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
