/**
 * Every statement the saver runs more than once, prepared once per connection: compiling SQL costs
 * more than running these statements, and `put` runs on every superstep.
 */
import type Database from "better-sqlite3";
import { CHECKPOINT_COLUMNS, type CheckpointRow, type WriteRow } from "./rows.ts";

type Params = Record<string, unknown>;

/** Sorts after every checkpoint id (any valid text): the `before` of a list that starts at the newest. */
export const AFTER_EVERY_ID = "\u{10FFFF}";

/** The view every reader of thread summaries reads, never `threads` itself (created on each connection by thread-lag.ts). */
export const THREAD_ROWS = "thread_rows";

/** The columns a put inserts, in checkpointValues' order (put-values.ts). */
export const INSERT_COLUMNS =
  "thread_id, checkpoint_id, parent_id, step, source, created_at, versions, tasks, writes, interrupt, graph_name, graph_hash, durations, channels";

const VERSION_COLUMNS = "checkpoint_id, parent_id, channels, writes";
/** What reading a checkpoint's stored versions needs: id, parent, channels JSON, writes JSON. */
export type VersionRow = [checkpointId: string, parentId: string | null, channels: string, writes: string | null];

/** One row of the `threads` table, as SQLite returns it (the API's thread shape is ThreadRow in core/api). */
export interface ThreadTableRow {
  thread_id: string;
  graph_name: string | null;
  status: string;
  last_node: string | null;
  step: number;
  checkpoint_count: number;
  branch_count: number;
  head_checkpoint_id: string;
  created_at: number;
  updated_at: number;
}

/**
 * Inside a query over `parent`: a stored child of it that extended it as its thread's head (not counted
 * in child_count since version 3). Such a child's id sorts after its parent's (the put checks), and
 * usually nothing sorts between them, so the seek stops at the first row after the parent; only a
 * leaf's question reads on to the end of its thread.
 */
const HAS_CHILD = `SELECT 1 FROM checkpoints AS child WHERE child.thread_id = parent.thread_id
  AND child.checkpoint_id > parent.checkpoint_id AND child.parent_id = parent.checkpoint_id`;

export function prepareStatements(db: Database.Database) {
  return {
    /**
     * The values as checkpointValues (put-values.ts) gives them, spread as arguments: better-sqlite3 reads
     * arguments faster than an array's elements (about half a microsecond per put).
     */
    insertCheckpoint: db.prepare<Array<string | number | null>>(`INSERT INTO checkpoints (${INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    /**
     * Counts a new child of a parent that is not its thread's head (thread, parent id); changes 0 when the
     * parent is not stored. A child of the head is not counted (schema.ts, version 3): HAS_CHILD finds it.
     * No RETURNING: it costs a temporary table per put.
     */
    addChild: db.prepare<[string, string]>("UPDATE checkpoints SET child_count = child_count + 1 WHERE thread_id = ? AND checkpoint_id = ?"),
    /**
     * The usual put's thread summary: the new checkpoint extends the head (no new leaf, no child
     * counted). Graph name, status, last node, step, checkpoint id, time, thread id, parent id; changes
     * 0 when the parent is not the thread's head (then addChild and upsertThread do the put's summary).
     */
    extendHead: db.prepare<[string | null, string, string | null, number, string, number, string, string]>(
      `UPDATE threads SET graph_name = COALESCE(?, graph_name), status = ?, last_node = ?, step = ?, checkpoint_count = checkpoint_count + 1,
         head_checkpoint_id = ?, updated_at = ? WHERE thread_id = ? AND head_checkpoint_id = ?`,
    ),
    insertLarge: db.prepare<[string, string]>("INSERT INTO blobs (thread_id, data) VALUES (?, ?)"),
    large: db.prepare<[number], string>("SELECT data FROM blobs WHERE id = ?").pluck(),
    version: db.prepare<[string, string], VersionRow>(`SELECT ${VERSION_COLUMNS} FROM checkpoints WHERE thread_id = ? AND checkpoint_id = ?`).raw(),
    threadVersions: db.prepare<[string], VersionRow>(`SELECT ${VERSION_COLUMNS} FROM checkpoints WHERE thread_id = ?`).raw(),
    /**
     * A thread's summary after a put that did not extend the head (after addChild and the checkpoint's insert): thread, graph name,
     * status, last node, step, checkpoint id, time (twice), the parent id twice (null for a root), the
     * checkpoint id again, the parent id and the thread id. The put adds a leaf unless it
     * extends one: a root always does; a child of the head never does (the head is the newest checkpoint,
     * so it had no child yet), which decides the usual put without a lookup; any other parent adds a leaf
     * when it already had a child: counted (child_count is now above 1) or not (HAS_CHILD, other than the new one).
     */
    upsertThread: db.prepare<
      [string, string | null, string, string | null, number, string, number, number, string | null, string | null, string, string | null, string]
    >(
      `INSERT INTO threads (thread_id, graph_name, status, last_node, step, checkpoint_count, branch_count, head_checkpoint_id, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 1, 1, ?, ?, ?)
       ON CONFLICT (thread_id) DO UPDATE SET
         graph_name = COALESCE(excluded.graph_name, graph_name), status = excluded.status, last_node = excluded.last_node,
         step = excluded.step, checkpoint_count = checkpoint_count + 1,
         branch_count = branch_count + CASE
           WHEN ? IS NULL THEN 1
           WHEN head_checkpoint_id = ? THEN 0
           ELSE (SELECT child_count > 1 OR EXISTS (${HAS_CHILD} AND child.checkpoint_id <> ?) FROM checkpoints AS parent WHERE parent.checkpoint_id = ? AND parent.thread_id = ?)
         END,
         head_checkpoint_id = excluded.head_checkpoint_id, updated_at = excluded.updated_at`,
    ),
    /** Summaries read through thread-lag.ts's view (installed on the connection first): exact also while a thread's row lags. */
    thread: db.prepare<[string], ThreadTableRow>(`SELECT * FROM ${THREAD_ROWS} WHERE thread_id = ?`),
    threads: db.prepare<[], ThreadTableRow>(`SELECT * FROM ${THREAD_ROWS} ORDER BY updated_at DESC, created_at ASC, thread_id ASC`),
    threadIds: db.prepare<[], string>("SELECT thread_id FROM threads").pluck(),
    /**
     * Whether the thread has a row: every stored checkpoint's thread has one (a full put writes it in its
     * transaction; a lagging row exists, only late), so one statement, a snapshot of its own, settles a new thread.
     */
    hasThread: db.prepare<[string], number>("SELECT 1 FROM main.threads WHERE thread_id = ?").pluck(),
    setThreadStatus: db.prepare<[string, string]>("UPDATE threads SET status = ? WHERE thread_id = ?"),
    checkpoint: db.prepare<[string, string], CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM checkpoints WHERE thread_id = ? AND checkpoint_id = ?`).raw(),
    /** tasks and interrupt of one checkpoint: what its thread's status needs besides pending writes. */
    statusFields: db.prepare<[string, string], { tasks: string; interrupt: string | null }>("SELECT tasks, interrupt FROM checkpoints WHERE thread_id = ? AND checkpoint_id = ?"),
    exists: db.prepare<[string, string], number>("SELECT 1 FROM checkpoints WHERE thread_id = ? AND checkpoint_id = ?").pluck(),
    /**
     * Newest first: ids sort in creation order, and the UNIQUE (thread_id, checkpoint_id) index gives that
     * order. `@before` is always bound (AFTER_EVERY_ID for "from the newest") so a page starts with an index seek.
     */
    list: db.prepare<[Params], CheckpointRow>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM checkpoints WHERE thread_id = @thread
         AND checkpoint_id < @before AND (@source IS NULL OR source = @source) AND (@step IS NULL OR step = @step)
       ORDER BY checkpoint_id DESC LIMIT @limit`,
    ).raw(),
    /** The whole thread, oldest first. */
    threadRows: db.prepare<[string], CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM checkpoints WHERE thread_id = ? ORDER BY checkpoint_id`).raw(),
    /** Whether a checkpoint (thread, id) has a child: counted, or a child of it as head (HAS_CHILD). */
    hasChildren: db.prepare<[string, string], number>(
      `SELECT child_count > 0 OR EXISTS (${HAS_CHILD}) FROM checkpoints AS parent WHERE parent.thread_id = ? AND parent.checkpoint_id = ?`,
    ).pluck(),
    nextWriteSeq: db.prepare<[string, string], number>("SELECT COALESCE(MAX(seq), -1) + 1 FROM writes WHERE thread_id = ? AND checkpoint_id = ?").pluck(),
    insertWrite: db.prepare<[string, string, number, string, string, string, string]>(
      "INSERT INTO writes (thread_id, checkpoint_id, seq, task_id, node, kind, value) VALUES (?, ?, ?, ?, ?, ?, ?)",
    ),
    writes: db.prepare<[string, string], WriteRow>("SELECT task_id, node, kind, value FROM writes WHERE thread_id = ? AND checkpoint_id = ? ORDER BY seq"),
    threadWrites: db.prepare<[string], WriteRow & { checkpoint_id: string }>(
      "SELECT checkpoint_id, task_id, node, kind, value FROM writes WHERE thread_id = ? ORDER BY checkpoint_id, seq",
    ),
    deleteThread: ["checkpoints", "blobs", "writes", "threads"].map((table) => db.prepare<[string]>(`DELETE FROM ${table} WHERE thread_id = ?`)),
    saveGraph: db.prepare<[string, string, string]>("INSERT OR IGNORE INTO graphs (hash, name, description) VALUES (?, ?, ?)"),
    loadGraph: db.prepare<[string], string>("SELECT description FROM graphs WHERE hash = ?").pluck(),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
