/**
 * Which graphs wrote a Chronograph SQLite file's threads, read from the threads table alone (no
 * checkpoint read, no thread row built): what loading graph code checks the code against. On a read-only
 * connection of its own, opened when first asked (graph code loads rarely) and closed with the reader.
 */
import type Database from "better-sqlite3";
import { LazyReadConnection } from "./lazy-read.ts";
import { THREAD_ROWS } from "./statements.ts";
import { THREAD_ORDER } from "./thread-page.ts";

export class SqliteThreadGraphs {
  private readonly connection: LazyReadConnection<null>;

  constructor(file: string, busyTimeoutMs: number) {
    this.connection = new LazyReadConnection(file, busyTimeoutMs, () => null);
  }

  /** The distinct graph names of the file's threads (each thread's newest graph; threads without one aside), sorted. */
  names(): string[] {
    return this.read((db) => db.prepare<[], string>(`SELECT DISTINCT graph_name FROM ${THREAD_ROWS} WHERE graph_name IS NOT NULL ORDER BY graph_name`).pluck().all());
  }

  /** The first thread of graph `name` in the thread list's order (the most recently updated), or undefined. */
  newestThread(name: string): string | undefined {
    return this.read((db) => db.prepare<[string], string>(`SELECT thread_id FROM ${THREAD_ROWS} WHERE graph_name = ? ${THREAD_ORDER} LIMIT 1`).pluck().get(name));
  }

  close(): void {
    this.connection.close();
  }

  /** `work` on the connection, SQLite failures naming the file. */
  private read<T>(work: (db: Database.Database) => T): T {
    return this.connection.inTransaction((_, db) => work(db));
  }
}
