/**
 * Which threads of a Chronograph SQLite file changed since the last look, compared inside SQLite: the
 * connection keeps what it saw of every thread in a TEMP table (the file itself is only read) and one
 * join names the threads that are new, changed or gone. No stamp string is built per thread and nothing
 * per thread crosses into JavaScript, so a notice costs what SQLite's scan of the threads table costs.
 *
 * Why a scan and not "rows past a mark": a pending write that changes a thread's status (an error, an
 * interrupt) updates its threads row in place and leaves no row id behind (writes is WITHOUT ROWID), so
 * only comparing the rows is exact. The columns compared are enough because a threads row changes only
 * on a put (new head, one more checkpoint), a write against the head (status), a prune (fewer
 * checkpoints) or a delete (gone): step, time, last node and branch count never move alone.
 */
import type Database from "better-sqlite3";
import { LazyReadConnection } from "./lazy-read.ts";
import { THREAD_ROWS } from "./statements.ts";

const SEEN = `CREATE TEMP TABLE IF NOT EXISTS chronograph_seen (
  thread_id TEXT PRIMARY KEY, status TEXT NOT NULL, checkpoint_count INTEGER NOT NULL, head_checkpoint_id TEXT NOT NULL
) WITHOUT ROWID`;
const SNAPSHOT = `INSERT INTO temp.chronograph_seen SELECT thread_id, status, checkpoint_count, head_checkpoint_id FROM temp.${THREAD_ROWS}`;
const CHANGED = `SELECT t.thread_id, s.thread_id IS NULL FROM temp.${THREAD_ROWS} AS t LEFT JOIN temp.chronograph_seen AS s ON s.thread_id = t.thread_id
  WHERE s.thread_id IS NULL OR s.status IS NOT t.status OR s.checkpoint_count IS NOT t.checkpoint_count OR s.head_checkpoint_id IS NOT t.head_checkpoint_id`;
const RESNAP = `INSERT OR REPLACE INTO temp.chronograph_seen SELECT thread_id, status, checkpoint_count, head_checkpoint_id FROM temp.${THREAD_ROWS}
  WHERE thread_id IN (SELECT value FROM json_each(?))`;
const FORGET = "DELETE FROM temp.chronograph_seen WHERE thread_id IN (SELECT value FROM json_each(?))";
const GONE = `SELECT s.thread_id FROM temp.chronograph_seen AS s WHERE NOT EXISTS (SELECT 1 FROM temp.${THREAD_ROWS} AS t WHERE t.thread_id = s.thread_id)`;

export class SqliteThreadChanges {
  private readonly connection: LazyReadConnection<null>;
  /** How many threads the TEMP table holds (a smaller count in the file means some are gone). */
  private seen: number | null = null;

  constructor(file: string, busyTimeoutMs: number) {
    this.connection = new LazyReadConnection(file, busyTimeoutMs, () => null);
  }

  /**
   * Ids of threads new, changed or gone since the previous call, read in one snapshot of the file; the
   * first call only takes the snapshot and answers [].
   */
  changed(): string[] {
    return this.read((db) => {
      if (this.seen === null) {
        db.exec(SEEN);
        this.seen = db.prepare(SNAPSHOT).run().changes;
        return [];
      }
      const rows = db.prepare<[], [string, number]>(CHANGED).raw().all();
      const changed = rows.map(([id]) => id);
      const added = rows.filter(([, isNew]) => isNew === 1).length;
      const count = db.prepare<[], number>("SELECT count(*) FROM main.threads").pluck().get()!;
      // Without a gone thread the file holds exactly the seen threads plus the new ones.
      const gone = count - this.seen < added ? db.prepare<[], string>(GONE).pluck().all() : [];
      if (changed.length > 0) db.prepare(RESNAP).run(JSON.stringify(changed));
      if (gone.length > 0) db.prepare(FORGET).run(JSON.stringify(gone));
      this.seen = count;
      return [...changed, ...gone];
    });
  }

  close(): void {
    this.connection.close();
  }

  /** `work` in one read transaction, SQLite failures naming the file. */
  private read<T>(work: (db: Database.Database) => T): T {
    return this.connection.inTransaction((_, db) => work(db));
  }
}
