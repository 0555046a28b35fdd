/**
 * What a Chronograph SQLite file spends its bytes on, and the one exact prune behind the storage view.
 * Bytes are the UTF-8 lengths (octet_length) of what each row stores: a checkpoint's columns, its thread's
 * large values (blobs) and pending writes. That is the data, not the pages around it: the file's own figures
 * (size, page size, free pages, bytes per table from the dbstat virtual table) come beside it.
 *
 * Pruning decides with the same `prunable` rule as SqliteSaver.prune and removes with the same
 * per-thread code (prune.ts), but first checks, under the write lock, that the database still says
 * exactly what the preview said (`check`), so the user removes what they were shown.
 */
import { statSync } from "node:fs";
import type Database from "better-sqlite3";
import { prunable } from "../../checkpoint/memory.ts";
import type { ChannelStorage, StorageReport, ThreadStorage } from "../../api/types.ts";
import type { PruneOptions } from "../../checkpoint/types.ts";
import { openDatabase } from "./connection.ts";
import { guarded } from "./errors.ts";
import { preparePrune, pruneThread } from "./prune.ts";
import { prepareStatements } from "./statements.ts";
import { installThreadRows, prepareLag } from "./thread-lag.ts";

/** The bytes one checkpoint row stores, as an SQL expression over `checkpoints`. */
const ROW_BYTES = `octet_length(thread_id) + octet_length(checkpoint_id) + COALESCE(octet_length(parent_id), 0) + octet_length(source)
  + octet_length(versions) + octet_length(tasks) + COALESCE(octet_length(writes), 0) + COALESCE(octet_length(interrupt), 0)
  + COALESCE(octet_length(graph_name), 0) + COALESCE(octet_length(graph_hash), 0) + COALESCE(octet_length(durations), 0) + octet_length(channels)`;

/** The file's own figures: size (with its WAL), pages, free pages, bytes per table and index (dbstat). */
export type FileFigures = Pick<StorageReport, "fileBytes" | "walBytes" | "pageSize" | "pageCount" | "freePages" | "tables">;

/** What `prunable` reads of a checkpoint. */
export interface PruneCandidate {
  checkpointId: string;
  parentId: string | null;
  createdAt: number;
}

/**
 * Run `work` on a connection to `file` opened for reading (or writing), closed afterwards; errors name the
 * file. The file must exist: a prune or VACUUM of a file deleted meanwhile fails, it does not create one.
 */
export function withFile<T>(file: string, options: { write: boolean; busyTimeoutMs: number }, work: (db: Database.Database) => T): T {
  const db = openDatabase(file, { readonly: !options.write, busyTimeoutMs: options.busyTimeoutMs, mustExist: true });
  try {
    return guarded(file, () => work(db));
  } finally {
    db.close();
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

export function fileFigures(db: Database.Database, file: string): FileFigures {
  const walBytes = sizeOf(`${file}-wal`);
  const tables = db.prepare("SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC, name").all() as Array<{ name: string; bytes: number }>;
  return {
    fileBytes: sizeOf(file) + walBytes,
    walBytes,
    pageSize: Number(db.pragma("page_size", { simple: true })),
    pageCount: Number(db.pragma("page_count", { simple: true })),
    freePages: Number(db.pragma("freelist_count", { simple: true })),
    tables,
  };
}

/** Bytes per thread: its checkpoint rows, large values and pending writes. Unsorted. */
export function threadBytes(db: Database.Database): ThreadStorage[] {
  const byThread = new Map<string, ThreadStorage>();
  const rows = db.prepare(`SELECT thread_id, COUNT(*), SUM(${ROW_BYTES}) FROM checkpoints GROUP BY thread_id`).raw().all() as Array<[string, number, number]>;
  for (const [threadId, checkpoints, bytes] of rows) byThread.set(threadId, { threadId, checkpoints, bytes });
  for (const table of ["blobs", "writes"] as const) {
    const column = table === "blobs" ? "data" : "value";
    const extra = db.prepare(`SELECT thread_id, SUM(octet_length(${column})) FROM ${table} GROUP BY thread_id`).raw().all() as Array<[string, number]>;
    for (const [threadId, bytes] of extra) {
      const row = byThread.get(threadId);
      if (row) row.bytes += bytes;
      else byThread.set(threadId, { threadId, checkpoints: 0, bytes });
    }
  }
  return [...byThread.values()];
}

/**
 * Bytes per channel, of the whole file or of one thread: each stored version's JSON in its checkpoint's
 * `channels` column, plus the large value it names in `blobs`, or the checkpoint's recorded write it
 * stands for (`w`, kept once in the `writes` column). Largest first.
 */
export function channelBytes(db: Database.Database, threadId?: string): ChannelStorage[] {
  const where = threadId === undefined ? "" : "WHERE c.thread_id = ?";
  const sql = `SELECT j.key AS channel, COUNT(*) AS versions,
      SUM(octet_length(j.key) + octet_length(CAST(j.value AS TEXT)) + COALESCE(octet_length(b.data), 0)
        + CASE WHEN json_extract(j.value, '$.w') = 1 THEN COALESCE((SELECT SUM(octet_length(CAST(wv.value AS TEXT)))
            FROM json_each(c.writes) wn JOIN json_each(wn.value) wv WHERE wv.key = j.key), 0) ELSE 0 END) AS bytes
    FROM checkpoints c JOIN json_each(c.channels) j LEFT JOIN blobs b ON b.id = json_extract(j.value, '$.x')
    ${where} GROUP BY j.key ORDER BY bytes DESC, channel`;
  const statement = db.prepare(sql);
  return (threadId === undefined ? statement.all() : statement.all(threadId)) as ChannelStorage[];
}

/** Per thread (of all, or of one), its checkpoints oldest first, with what `prunable` reads. */
export function pruneCandidates(db: Database.Database, threadId?: string): Map<string, PruneCandidate[]> {
  const where = threadId === undefined ? "" : "WHERE thread_id = ?";
  const statement = db.prepare(`SELECT thread_id, checkpoint_id, parent_id, created_at FROM checkpoints ${where} ORDER BY thread_id, checkpoint_id`).raw();
  const rows = (threadId === undefined ? statement.all() : statement.all(threadId)) as Array<[string, string, string | null, number]>;
  const threads = new Map<string, PruneCandidate[]>();
  for (const [thread, checkpointId, parentId, createdAt] of rows) {
    let list = threads.get(thread);
    if (!list) threads.set(thread, (list = []));
    list.push({ checkpointId, parentId, createdAt });
  }
  return threads;
}

/** Which checkpoints the prune rule removes, per thread with any (the same rule SqliteSaver.prune applies). */
export function doomedByThread(candidates: Map<string, PruneCandidate[]>, options: PruneOptions): Map<string, string[]> {
  const doomed = new Map<string, string[]>();
  for (const [threadId, records] of candidates) {
    const ids = prunable(records, options);
    if (ids.size > 0) doomed.set(threadId, records.filter((record) => ids.has(record.checkpointId)).map((record) => record.checkpointId));
  }
  return doomed;
}

/** Changes whenever a checkpoint is added or removed: the highest row id and the row count. */
export function checkpointStamp(db: Database.Database): string {
  const [seq, count] = db.prepare("SELECT COALESCE(MAX(seq), 0), COUNT(*) FROM checkpoints").raw().get() as [number, number];
  return `${seq}:${count}`;
}

/** The bytes the rows of these checkpoints store (rows, the large values they own, their pending writes). */
export function checkpointsBytes(db: Database.Database, threadId: string, ids: readonly string[]): number {
  const own = db.prepare(
    `SELECT ${ROW_BYTES}
       + COALESCE((SELECT SUM(octet_length(b.data)) FROM json_each(c.channels) j JOIN blobs b ON b.id = json_extract(j.value, '$.x')), 0)
       + COALESCE((SELECT SUM(octet_length(w.value)) FROM writes w WHERE w.thread_id = c.thread_id AND w.checkpoint_id = c.checkpoint_id), 0)
     FROM checkpoints c WHERE c.thread_id = ? AND c.checkpoint_id = ?`,
  ).pluck();
  let bytes = 0;
  for (const id of ids) bytes += Number(own.get(threadId, id) ?? 0);
  return bytes;
}

/**
 * In one IMMEDIATE transaction: call `check`, which throws to refuse or returns the threads to prune,
 * then prune them with the shared rule. Returns how many checkpoints were removed.
 */
export function pruneChecked(db: Database.Database, options: PruneOptions, check: () => readonly string[]): number {
  installThreadRows(db);
  const statements = prepareStatements(db);
  const own = preparePrune(db);
  const lag = prepareLag(db);
  return db
    .transaction(() => {
      const threadIds = check();
      let removed = 0;
      // A lagging summary row is brought current first (thread-lag.ts): the prune recounts it.
      for (const threadId of threadIds) {
        lag.settle(threadId);
        removed += pruneThread(own, statements, threadId, options);
      }
      return removed;
    })
    .immediate();
}

/** VACUUM, then a WAL checkpoint so the file's size says what was reclaimed. */
export function vacuumFile(db: Database.Database): void {
  db.exec("VACUUM");
  db.pragma("wal_checkpoint(TRUNCATE)");
}
