/**
 * Threads whose summary row lags their checkpoints (schema version 4). A put that extends its thread's
 * newest checkpoint while the thread is marked in `thread_lag` inserts only the checkpoint row (one
 * statement, no transaction), and a new thread's first put, when its run goes on, writes the checkpoint,
 * the thread's row and its mark in one statement too (`newThread`). The `threads` row is brought current
 * later, many threads per transaction (`settle`, lag-writer.ts: when a writer's marks reach its bound, on
 * close, before any other write to the thread, after an idle spell). Until then, and after a crash
 * that left the mark, every reader computes a marked thread's summary from its checkpoints, so the list
 * is exact at every moment.
 *
 * Readers read the TEMP view `thread_rows`, installed on each connection by `installThreadRows`: the
 * `threads` rows of unmarked threads, and for each marked one its row overlaid with its head (the
 * thread's newest checkpoint id): graph name, status (thread-status.ts over the head's tasks, breakpoint
 * and pending writes), last node, step, time, and one more checkpoint per id after the row's head. Deferred
 * puts only extend the head, so the created time and branch count stay the row's. A file without the
 * table (read-only, version 1 to 3) gets a view of `threads` as it is.
 */
import Database from "better-sqlite3";
import { writersColumn, writersOf } from "../../checkpoint/thread-status.ts";
import { storedHeadStatus } from "./rows.ts";
import { INSERT_COLUMNS, THREAD_ROWS, type ThreadTableRow } from "./statements.ts";


/** The newest checkpoint id of thread ?N: one seek at the end of the UNIQUE (thread_id, checkpoint_id) index. */
export const newestOf = (thread: string) => `(SELECT checkpoint_id FROM main.checkpoints WHERE thread_id = ${thread} ORDER BY checkpoint_id DESC LIMIT 1)`;

/** The head (h)'s status: thread-status.ts over its tasks, breakpoint and pending writes in order. */
const HEAD_STATUS = `chronograph_head_status(h.tasks, h.interrupt, (SELECT json_group_array(json_array(task_id, node, kind, value)) FROM
      (SELECT task_id, node, kind, value FROM main.writes AS w WHERE w.thread_id = h.thread_id AND w.checkpoint_id = h.checkpoint_id ORDER BY w.seq)))`;
/** The checkpoints a marked thread gained after its row's head (t): deferred puts only extend the head. */
const COUNT_SINCE = "(SELECT count(*) FROM main.checkpoints AS c WHERE c.thread_id = t.thread_id AND c.checkpoint_id > t.head_checkpoint_id)";

/** A marked thread's summary computed from its head (h) and its row (t). */
const LAGGING = `SELECT t.thread_id, COALESCE(h.graph_name, t.graph_name) AS graph_name, ${HEAD_STATUS} AS status,
    chronograph_writers(h.writes) AS last_node, h.step AS step, t.checkpoint_count + ${COUNT_SINCE} AS checkpoint_count,
    t.branch_count AS branch_count, h.checkpoint_id AS head_checkpoint_id, t.created_at AS created_at, h.created_at AS updated_at
  FROM main.thread_lag AS l JOIN main.threads AS t ON t.thread_id = l.thread_id
  JOIN main.checkpoints AS h ON h.thread_id = l.thread_id AND h.checkpoint_id = ${newestOf("l.thread_id")}`;

const COLUMNS = "thread_id, graph_name, status, last_node, step, checkpoint_count, branch_count, head_checkpoint_id, created_at, updated_at";

function hasLagTable(db: Database.Database): boolean {
  return db.prepare("SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = 'thread_lag'").get() !== undefined;
}

/** The status a head's tasks and breakpoint (JSON columns) and its pending writes (HEAD_STATUS's JSON rows) read as. */
function headStatus(tasks: string, interrupt: string | null, writes: string): string {
  const rows = JSON.parse(writes) as Array<[string, string, string, string]>;
  return storedHeadStatus({ tasks, interrupt }, rows.map(([task_id, node, kind, value]) => ({ task_id, node, kind, value })));
}

/**
 * Every row with a marked thread's columns computed (LAGGING's, column by column): one join, not a UNION,
 * so that SQLite flattens the view into a reader's query and still finds a row by its primary key (a
 * UNION ALL view joined by thread id is materialized whole, 100,000 rows for one page). An unmarked row
 * costs one seek into the (small) thread_lag table.
 */
const OVERLAID = `SELECT t.thread_id AS thread_id, COALESCE(h.graph_name, t.graph_name) AS graph_name,
    CASE WHEN h.checkpoint_id IS NULL THEN t.status ELSE ${HEAD_STATUS} END AS status,
    CASE WHEN h.checkpoint_id IS NULL THEN t.last_node ELSE chronograph_writers(h.writes) END AS last_node,
    COALESCE(h.step, t.step) AS step,
    t.checkpoint_count + CASE WHEN h.checkpoint_id IS NULL THEN 0 ELSE ${COUNT_SINCE} END AS checkpoint_count,
    t.branch_count AS branch_count, COALESCE(h.checkpoint_id, t.head_checkpoint_id) AS head_checkpoint_id,
    t.created_at AS created_at, COALESCE(h.created_at, t.updated_at) AS updated_at
  FROM main.threads AS t LEFT JOIN main.thread_lag AS l ON l.thread_id = t.thread_id
  LEFT JOIN main.checkpoints AS h ON h.thread_id = l.thread_id AND h.checkpoint_id = ${newestOf("l.thread_id")}`;

const viewOf = (overlaid: boolean) => `CREATE TEMP VIEW ${THREAD_ROWS} AS ${overlaid ? OVERLAID : `SELECT ${COLUMNS} FROM main.threads`}`;

/**
 * Register the view's functions and create `temp.thread_rows` on this connection. Returns what to call
 * at the start of each read transaction: the view overlays rows only while some thread is marked (the
 * overlay costs every row a lookup, about half again the CPU of a 100,000-thread page), so it is
 * recreated when that changes (this connection's statements then recompile by themselves); on a file
 * still without `thread_lag` (version 3 or older) it looks whether a writer has upgraded the file since.
 */
export function installThreadRows(db: Database.Database): () => void {
  db.function("chronograph_head_status", { deterministic: true }, (tasks, interrupt, writes) => headStatus(String(tasks), interrupt as string | null, String(writes)));
  db.function("chronograph_writers", { deterministic: true }, (writes) =>
    writes === null ? null : writersColumn(writersOf({ writes: JSON.parse(String(writes)) as Record<string, unknown> })),
  );
  let anyMarked: Database.Statement<[], number> | null = null;
  let overlaid: boolean | null = null;
  const refresh = () => {
    if (!anyMarked && hasLagTable(db)) anyMarked = db.prepare<[], number>("SELECT EXISTS (SELECT 1 FROM main.thread_lag)").pluck();
    const wanted = anyMarked !== null && anyMarked.get() === 1;
    if (wanted === overlaid) return;
    db.exec(`DROP VIEW IF EXISTS temp.${THREAD_ROWS}; ${viewOf(wanted)}`);
    overlaid = wanted;
  };
  refresh();
  return refresh;
}

/** The columns of temp.new_thread: a root checkpoint's (INSERT_COLUMNS), then its thread's status and last node. */
const NEW_THREAD_COLUMNS = `${INSERT_COLUMNS}, status, last_node`;

/**
 * A new thread's first checkpoint in one statement: inserting into the TEMP view `new_thread` (this
 * connection's, not the file's) inserts the checkpoint, the thread's summary row with that checkpoint as
 * head, and the thread's mark, in the statement's own transaction. The summary row's insert fails, and
 * with it the whole statement, when the thread has a row already (someone wrote it since the run looked).
 */
function installNewThread(db: Database.Database): void {
  const values = INSERT_COLUMNS.split(", ").map((column) => `NEW.${column}`).join(", ");
  db.exec(`DROP TRIGGER IF EXISTS temp.new_thread_put; DROP VIEW IF EXISTS temp.new_thread;
    CREATE TEMP VIEW new_thread (${NEW_THREAD_COLUMNS}) AS SELECT ${INSERT_COLUMNS}, NULL, NULL FROM main.checkpoints WHERE 0;
    CREATE TEMP TRIGGER new_thread_put INSTEAD OF INSERT ON new_thread BEGIN
      INSERT INTO main.checkpoints (${INSERT_COLUMNS}) VALUES (${values});
      INSERT INTO main.threads (thread_id, graph_name, status, last_node, step, checkpoint_count, branch_count, head_checkpoint_id, created_at, updated_at)
        VALUES (NEW.thread_id, NEW.graph_name, NEW.status, NEW.last_node, NEW.step, 1, 1, NEW.checkpoint_id, NEW.created_at, NEW.created_at);
      INSERT INTO main.thread_lag (thread_id) VALUES (NEW.thread_id);
    END;`);
}

/** The writer's statements for marks (call after installThreadRows, on a file at version 4). */
export function prepareLag(db: Database.Database) {
  installNewThread(db);
  const unmark = db.prepare<[string]>("DELETE FROM main.thread_lag WHERE thread_id = ?");
  const marked = db.prepare<[string], number>("SELECT 1 FROM main.thread_lag WHERE thread_id = ?").pluck();
  const computed = db.prepare<[string], ThreadTableRow>(`${LAGGING} WHERE l.thread_id = ?`);
  const update = db.prepare<[string | null, string, string | null, number, number, string, number, string]>(
    "UPDATE main.threads SET graph_name = ?, status = ?, last_node = ?, step = ?, checkpoint_count = ?, head_checkpoint_id = ?, updated_at = ? WHERE thread_id = ?",
  );
  const all = db.prepare<[], string>("SELECT thread_id FROM main.thread_lag").pluck();
  const settleKnown = db.prepare<Array<string | number | null>>(
    `UPDATE main.threads SET graph_name = COALESCE(?, graph_name), status = ?, last_node = ?, step = ?,
       checkpoint_count = checkpoint_count + ?, head_checkpoint_id = ?, updated_at = ?
     WHERE thread_id = ? AND head_checkpoint_id = ? AND EXISTS (SELECT 1 FROM main.thread_lag WHERE thread_id = ?)
       AND ${newestOf("?")} = ? AND (SELECT count(*) FROM main.checkpoints WHERE thread_id = ? AND checkpoint_id > ?) = ?
       AND NOT EXISTS (SELECT 1 FROM main.writes WHERE thread_id = ? AND checkpoint_id = ?)`,
  );
  return {
    /**
     * The deferred put: the checkpoint's row (checkpointValues, put-values.ts, then the thread id and the
     * parent id), whose `channels` is bound only while the thread is marked and the parent is its newest
     * checkpoint; otherwise it is NULL and the NOT NULL constraint refuses the row (deferredRefused), and
     * the put takes the full path. A guard in VALUES, not INSERT ... SELECT: a SELECT that reads the table
     * it inserts into makes SQLite stage the row in a temporary table first, which costs most of the gain.
     * Bound as spread arguments (see statements.ts insertCheckpoint).
     */
    append: db.prepare<Array<string | number | null>>(
      `INSERT INTO main.checkpoints (${INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
         (SELECT ? FROM main.thread_lag AS l WHERE l.thread_id = ? AND ${newestOf("l.thread_id")} = ?))`,
    ),
    marked,
    /**
     * A new thread's first checkpoint, its summary row and its mark, in one statement (installNewThread):
     * checkpointValues (put-values.ts), then the thread's status and last node. Throws a primary key
     * constraint error, having written nothing, when the thread has a row already (newThreadTaken).
     */
    newThread: db.prepare<Array<string | number | null>>(`INSERT INTO temp.new_thread (${NEW_THREAD_COLUMNS}) VALUES (${NEW_THREAD_COLUMNS.split(", ").map(() => "?").join(", ")})`),
    /**
     * Settle a thread whose deferred puts the writer knows (lag-writer.ts) without computing anything:
     * applies only while the row still stands at `base`, the thread is marked, `head` is its newest
     * checkpoint, exactly `count` checkpoints came after `base`, and the head has no pending writes (which
     * would change its status). False (nothing changed) otherwise: then `settle` computes the row.
     */
    settleKnown(known: KnownHead): boolean {
      const { thread, base, head, count } = known;
      // Positional: binding by name costs more, and each name appears several times.
      return settleKnown.run(known.graph, known.status, known.lastNode, known.step, count, head, known.time, thread, base, thread, thread, head, thread, base, count, thread, head).changes === 1;
    },
    unmark,
    /** Every marked thread's id. */
    all,
    /**
     * Mark the thread (thread id twice, then the new head's id) only if the new head is its newest
     * checkpoint: only then may the next puts defer. Changes 1 row when it marked.
     */
    markIfNewest: db.prepare<[string, string, string]>(`INSERT OR IGNORE INTO main.thread_lag (thread_id) SELECT ? WHERE ${newestOf("?")} = ?`),
    /**
     * Bring a marked thread's row current and remove its mark (call inside a write transaction). Returns
     * whether the thread was marked.
     */
    settle(threadId: string): boolean {
      if (marked.get(threadId) === undefined) return false;
      const row = computed.get(threadId);
      if (row) update.run(row.graph_name, row.status, row.last_node, row.step, row.checkpoint_count, row.head_checkpoint_id, row.updated_at, threadId);
      unmark.run(threadId);
      return true;
    },
  };
}

export type LagStatements = ReturnType<typeof prepareLag>;

/** How SQLite refuses `newThread` for a thread that has a row already. */
export function newThreadTaken(error: unknown): boolean {
  return error instanceof Database.SqliteError && error.code === "SQLITE_CONSTRAINT_PRIMARYKEY" && error.message.includes("threads.thread_id");
}

/** How SQLite refuses a deferred put whose guard failed (see `append`). */
export function deferredRefused(error: unknown): boolean {
  return error instanceof Database.SqliteError && error.code === "SQLITE_CONSTRAINT_NOTNULL" && error.message.includes("checkpoints.channels");
}

/** What settleKnown binds: the row's new summary, where it stood (`base`) and how many puts came since. */
export interface KnownHead {
  thread: string;
  base: string;
  head: string;
  count: number;
  graph: string | null;
  status: string;
  lastNode: string | null;
  step: number;
  time: number;
}
