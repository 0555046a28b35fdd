/**
 * The SaverStore over one SQLite file, through core/storage/sqlite's raw connection (so better-sqlite3
 * stays inside core/storage/sqlite). The file is created private (mode 0600) and put in WAL mode.
 */
import { chmodSync, closeSync, existsSync, openSync } from "node:fs";
import { ChronographError } from "../api/errors.ts";
import { openRawDatabase, type RawDatabase } from "../storage/sqlite/raw.ts";
import { migrate } from "./schema.ts";
import type { CheckpointQuery, CheckpointRow, SaverStore, ValueRow, WriteRow } from "./store.ts";

export interface SqliteStoreOptions {
  /** How long a write waits for another connection's lock before DATABASE_LOCKED. Default 5000 ms. */
  busyTimeoutMs?: number;
}

function createPrivateFile(file: string): void {
  try {
    closeSync(openSync(file, "a", 0o600));
    // openSync's mode is filtered by the umask; say it outright.
    chmodSync(file, 0o600);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ChronographError("FILE_NOT_FOUND", `Cannot create the checkpoint database "${file}": ${reason}.`, { file });
  }
}

const CHECKPOINT_COLUMNS = "thread_id, checkpoint_ns, checkpoint_id, parent_id, type, checkpoint, metadata_type, metadata";
const INSERT_CHECKPOINT = `INSERT OR REPLACE INTO lg_checkpoints (${CHECKPOINT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
/** SQL text built by `build` for a row count, built once per count. */
function sqlPerCount(build: (count: number) => string): (count: number) => string {
  const built: string[] = [];
  return (count) => (built[count] ??= build(count));
}
const WRITE_NAMES = "thread_id, checkpoint_ns, checkpoint_id, task_id, idx, channel, type, value, task_path";
const WRITE_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?)";
const VALUE_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
/** One INSERT for a put's values (a statement per row count, cached by the connection). */
const insertValues = sqlPerCount((count) => `INSERT OR IGNORE INTO lg_values (thread_id, checkpoint_ns, channel, version, base, base_len, depth, size, type, value) VALUES ${Array(count).fill(VALUE_ROW).join(", ")}`);
const insertWrites = sqlPerCount((count) => `INSERT OR IGNORE INTO lg_writes (${WRITE_NAMES}) VALUES ${Array(count).fill(WRITE_ROW).join(", ")}`);
const replaceWrites = sqlPerCount((count) => `INSERT OR REPLACE INTO lg_writes (${WRITE_NAMES}) VALUES ${Array(count).fill(WRITE_ROW).join(", ")}`);
const VALUE_SELECT = "SELECT channel, version, base, base_len, depth, size, type, value FROM lg_values WHERE thread_id = ? AND checkpoint_ns = ? AND channel = ?";
/** A checkpoint's channel versions in one indexed query (row values IN: a key lookup per pair). */
const valuesAt = sqlPerCount(
  (count) =>
    `SELECT channel, version, base, base_len, depth, size, type, value FROM lg_values WHERE thread_id = ? AND checkpoint_ns = ? AND (channel, version) IN (VALUES ${Array(count).fill("(?, ?)").join(", ")})`,
);
const VALUE_AT = `${VALUE_SELECT} AND version = ?`;
const VALUES_BELOW = `${VALUE_SELECT} AND depth < ?`;
/** Versions looked up one by one before a chain read fetches its channel's rows at once. */
const CHAIN_LOOKUPS = 16;
/** Rows per multi-row INSERT: well under SQLite's 32766 bound parameters. */
const BATCH = 64;

/** Open (creating and migrating when needed) the SQLite file at `file`. */
export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): SaverStore {
  if (!existsSync(file)) createPrivateFile(file);
  const db: RawDatabase = openRawDatabase(file, { readonly: false, busyTimeoutMs: options.busyTimeoutMs ?? 5000 });
  try {
    db.all("PRAGMA journal_mode = WAL");
    db.run("PRAGMA synchronous = NORMAL");
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  // BEGIN/COMMIT through cached statements: raw.transaction builds a new better-sqlite3 transaction
  // function per call, which costs more than the few inserts of a put.
  const atomically = (work: () => void) => {
    db.run("BEGIN IMMEDIATE");
    try {
      work();
      db.run("COMMIT");
    } catch (error) {
      db.run("ROLLBACK");
      throw error;
    }
  };
  return {
    where: file,
    checkpoint(threadId, ns, checkpointId) {
      if (checkpointId === undefined) {
        return db.get<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM lg_checkpoints WHERE thread_id = ? AND checkpoint_ns = ? ORDER BY checkpoint_id DESC LIMIT 1`, threadId, ns);
      }
      return db.get<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM lg_checkpoints WHERE thread_id = ? AND checkpoint_ns = ? AND checkpoint_id = ?`, threadId, ns, checkpointId);
    },
    checkpoints(query: CheckpointQuery) {
      const where: string[] = [];
      const params: unknown[] = [];
      const add = (condition: string, param: string | undefined) => {
        if (param === undefined) return;
        where.push(condition);
        params.push(param);
      };
      add("thread_id = ?", query.threadId);
      add("checkpoint_ns = ?", query.ns);
      add("checkpoint_id = ?", query.checkpointId);
      add("checkpoint_id < ?", query.before);
      const filter = where.length > 0 ? `WHERE ${where.join(" AND ")}` : "";
      return db.all<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM lg_checkpoints ${filter} ORDER BY checkpoint_id DESC`, ...params);
    },
    chain(threadId, ns, channel, version) {
      // One indexed lookup per version for a short chain. (A recursive CTE reads the same rows, but SQLite's
      // planner does not use the version column of the key for its join and scans the whole channel per
      // step.) A longer chain (a long conversation between whole copies) reads, in one query, the channel's
      // rows no deeper than the newest one (the versions before it: about half the channel for a point in
      // the middle) and walks them in memory by their bases.
      const rows: ValueRow[] = [];
      let next: string | null = version;
      for (let lookups = 0; next !== null && lookups < CHAIN_LOOKUPS; lookups += 1) {
        const row: ValueRow | undefined = db.get<ValueRow>(VALUE_AT, threadId, ns, channel, next);
        if (row === undefined) return rows;
        rows.push(row);
        next = row.base;
        if (lookups === 0 && row.depth >= CHAIN_LOOKUPS) break;
      }
      if (next === null) return rows;
      const all = new Map(db.all<ValueRow>(VALUES_BELOW, threadId, ns, channel, rows.at(-1)!.depth).map((row) => [row.version, row]));
      for (let row = all.get(next); row !== undefined; row = row.base === null ? undefined : all.get(row.base)) rows.push(row);
      return rows;
    },
    values(threadId, ns, versions) {
      const rows: ValueRow[] = [];
      for (let start = 0; start < versions.length; start += BATCH) {
        const batch = versions.slice(start, start + BATCH);
        rows.push(...db.all<ValueRow>(valuesAt(batch.length), threadId, ns, ...batch.flatMap((wanted) => [wanted.channel, wanted.version])));
      }
      return rows;
    },
    writes(threadId, ns, checkpointId) {
      // BINARY collation compares UTF-8 bytes, which is code point order: LangGraph's writesSortKey order.
      return db.all<WriteRow>(
        "SELECT task_id, idx, channel, type, value, task_path FROM lg_writes WHERE thread_id = ? AND checkpoint_ns = ? AND checkpoint_id = ? ORDER BY task_path, task_id, idx",
        threadId,
        ns,
        checkpointId,
      );
    },
    namespaceValues(threadId, ns) {
      return db.all<ValueRow>("SELECT channel, version, base, base_len, depth, size, type, value FROM lg_values WHERE thread_id = ? AND checkpoint_ns = ?", threadId, ns);
    },
    namespaceWrites(threadId, ns) {
      return db.all<WriteRow & { checkpoint_id: string }>(
        "SELECT checkpoint_id, task_id, idx, channel, type, value, task_path FROM lg_writes WHERE thread_id = ? AND checkpoint_ns = ? ORDER BY checkpoint_id, task_path, task_id, idx",
        threadId,
        ns,
      );
    },
    putCheckpoint(row, values) {
      const insertCheckpoint = () =>
        db.run(INSERT_CHECKPOINT, row.thread_id, row.checkpoint_ns, row.checkpoint_id, row.parent_id, row.type, row.checkpoint, row.metadata_type, row.metadata);
      // A lone statement is atomic by itself; with values, one transaction holds both.
      if (values.length === 0) {
        insertCheckpoint();
        return;
      }
      atomically(() => {
        insertCheckpoint();
        for (let start = 0; start < values.length; start += BATCH) {
          const batch = values.slice(start, start + BATCH);
          db.run(
            insertValues(batch.length),
            ...batch.flatMap((value) => [row.thread_id, row.checkpoint_ns, value.channel, value.version, value.base, value.base_len, value.depth, value.size, value.type, value.value]),
          );
        }
      });
    },
    putWrites(threadId, ns, checkpointId, rows: WriteRow[]) {
      // A special write (error, interrupt, resume: negative index) replaces; a regular one never does.
      // Runs of rows with the same rule (in order) go in one multi-row INSERT each; a single statement is
      // atomic by itself, more share one transaction.
      const statements: Array<{ sql: string; params: unknown[] }> = [];
      for (let start = 0; start < rows.length; ) {
        const replace = rows[start]!.idx < 0;
        let end = start + 1;
        while (end < rows.length && end - start < BATCH && rows[end]!.idx < 0 === replace) end += 1;
        const batch = rows.slice(start, end);
        statements.push({
          sql: (replace ? replaceWrites : insertWrites)(batch.length),
          params: batch.flatMap((write) => [threadId, ns, checkpointId, write.task_id, write.idx, write.channel, write.type, write.value, write.task_path]),
        });
        start = end;
      }
      const runAll = () => {
        for (const statement of statements) db.run(statement.sql, ...statement.params);
      };
      if (statements.length === 1) runAll();
      else if (statements.length > 1) atomically(runAll);
    },
    deleteThread(threadId) {
      db.transaction(() => {
        db.run("DELETE FROM lg_checkpoints WHERE thread_id = ?", threadId);
        db.run("DELETE FROM lg_values WHERE thread_id = ?", threadId);
        db.run("DELETE FROM lg_writes WHERE thread_id = ?", threadId);
      });
    },
    close() {
      db.close();
    },
  };
}
