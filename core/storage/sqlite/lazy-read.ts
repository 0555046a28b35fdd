/**
 * A read-only connection of its own to a Chronograph SQLite file, opened when first used: the thread
 * pages, the timeline skeleton, change notices and graph names each keep one, so a reader that is never
 * asked opens nothing. Its prepared statements are made once, on the same first use. SQLite failures,
 * opening included, name the file.
 */
import type Database from "better-sqlite3";
import { guarded, sqliteError } from "./errors.ts";
import { openReadOnlyFile } from "./read-only-open.ts";
import { installThreadRows } from "./thread-lag.ts";

export class LazyReadConnection<S> {
  private opened: { db: Database.Database; statements: S; refresh: () => void } | null = null;

  constructor(
    readonly file: string,
    private readonly busyTimeoutMs: number,
    /** The statements the reader runs, prepared on the connection when it opens. */
    private readonly prepare: (db: Database.Database) => S,
  ) {}

  /** `work` in one read transaction (one snapshot of the file). */
  inTransaction<T>(work: (statements: S, db: Database.Database) => T): T {
    const { db, statements, refresh } = this.open();
    return guarded(this.file, () =>
      db
        .transaction(() => {
          refresh();
          return work(statements, db);
        })
        .deferred(),
    );
  }


  close(): void {
    if (this.opened?.db.open) this.opened.db.close();
  }

  private open(): { db: Database.Database; statements: S; refresh: () => void } {
    if (this.opened) return this.opened;
    let db: Database.Database;
    try {
      db = openReadOnlyFile(this.file, this.busyTimeoutMs);
    } catch (error) {
      throw sqliteError(error, this.file);
    }
    try {
      // Every reader reads thread summaries through thread-lag.ts's view, exact while a row lags.
      const refresh = guarded(this.file, () => installThreadRows(db));
      this.opened = { db, statements: guarded(this.file, () => this.prepare(db)), refresh };
    } catch (error) {
      db.close();
      throw error;
    }
    return this.opened;
  }
}
