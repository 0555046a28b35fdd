/**
 * The storage view's backend: report, prune preview, prune and VACUUM on the open Chronograph SQLite
 * file (the backend runs prune and VACUUM on a worker thread: storage-thread.ts). Each opens its own
 * connection (reads read-only); the decisions are in storage-report.ts, the SQL
 * in core/storage/sqlite/storage-stats.ts. Whether a database may be pruned is decided in capabilities.ts.
 */
import type { MethodArgs } from "../api/contract.ts";
import { ChronographError } from "../api/errors.ts";
import type { PrunePreview, PruneResult, StorageReport, VacuumResult } from "../api/types.ts";
import {
  channelBytes,
  checkpointStamp,
  checkpointsBytes,
  doomedByThread,
  fileFigures,
  pruneCandidates,
  pruneChecked,
  threadBytes,
  vacuumFile,
  withFile,
} from "../storage/sqlite/storage-stats.ts";
import type { PruneOptions } from "../checkpoint/types.ts";
import { pageThreads, previewOf, previewToken, pruneOptionsOf, stalePreview } from "./storage-report.ts";
import type { DatabaseSession } from "./session.ts";

/** What prune and VACUUM need of the open database (a DatabaseSession is one; a worker gets it as plain data, storage-thread.ts). */
export interface StorageTarget {
  readonly path: string;
  /** Where writers connect (the file). */
  readonly location: string;
  readonly busyTimeoutMs: number;
  readonly traits: { readonly pruneRefusal?: string };
}

/** The file, or READ_ONLY with the capability's reason when the storage view cannot act on it. */
function prunableFile(session: StorageTarget, action: string): string {
  const reason = session.traits.pruneRefusal;
  if (reason !== undefined) throw new ChronographError("READ_ONLY", `Cannot ${action} "${session.path}": ${reason}`, { file: session.path });
  return session.location;
}

export function storageReport(session: DatabaseSession, args: MethodArgs<"storageReport">): StorageReport {
  const file = prunableFile(session, "measure the storage of");
  return withFile(file, { write: false, busyTimeoutMs: session.busyTimeoutMs }, (db) => {
    const figures = fileFigures(db, file);
    const offset = args.offset ?? 0;
    const page = pageThreads(threadBytes(db), offset, args.limit);
    const report: StorageReport = { file: session.path, ...figures, ...page, offset };
    if (args.fileChannels) report.channels = channelBytes(db);
    const shown = args.threadId ?? largestThread(page.threads, offset);
    if (shown !== undefined) report.thread = { threadId: shown, channels: channelBytes(db, shown) };
    return report;
  });
}

/** A connection to the file, as storage-stats.ts takes it (only core/storage/sqlite names better-sqlite3). */
type Connection = Parameters<typeof pruneCandidates>[0];

/** The largest thread when the page starts at the top (the page is largest first). */
function largestThread(threads: ReadonlyArray<{ threadId: string }>, offset: number): string | undefined {
  return offset === 0 ? threads[0]?.threadId : undefined;
}

/** The doomed ids per thread and the token, as a preview and the prune both compute them. */
function decide(db: Connection, options: PruneOptions, threadId: string | undefined) {
  const candidates = pruneCandidates(db, threadId);
  const doomed = doomedByThread(candidates, options);
  const token = previewToken(options, threadId, checkpointStamp(db), doomed);
  return { candidates, doomed, token };
}

export function prunePreview(session: DatabaseSession, args: MethodArgs<"prunePreview">): PrunePreview {
  const options = pruneOptionsOf("prunePreview", args);
  const file = prunableFile(session, "prune");
  return withFile(file, { write: false, busyTimeoutMs: session.busyTimeoutMs }, (db) =>
    db.transaction(() => {
      const { candidates, doomed, token } = decide(db, options, args.threadId);
      let bytes = 0;
      for (const [threadId, ids] of doomed) bytes += checkpointsBytes(db, threadId, ids);
      const counts = new Map([...candidates].map(([threadId, records]) => [threadId, records.length]));
      return previewOf({ token, doomed, counts, bytes, listThreadId: args.listThreadId ?? args.threadId, offset: args.offset, limit: args.limit });
    })(),
  );
}

/** Delete exactly what the preview with `token` listed, or nothing (STALE_PREVIEW) when the database changed since. */
export function pruneExactly(session: StorageTarget, args: MethodArgs<"prune">): PruneResult {
  const options = pruneOptionsOf("prune", args);
  const file = prunableFile(session, "prune");
  const removed = withFile(file, { write: true, busyTimeoutMs: session.busyTimeoutMs }, (db) => {
    return pruneChecked(db, options, () => {
      const { doomed, token } = decide(db, options, args.threadId);
      if (token !== args.token) throw stalePreview(session.path);
      return [...doomed.keys()];
    });
  });
  return { removed, fileBytes: withFile(file, { write: false, busyTimeoutMs: session.busyTimeoutMs }, (db) => fileFigures(db, file).fileBytes) };
}

export function vacuum(session: StorageTarget): VacuumResult {
  const file = prunableFile(session, "VACUUM");
  return withFile(file, { write: true, busyTimeoutMs: session.busyTimeoutMs }, (db) => {
    const beforeBytes = fileFigures(db, file).fileBytes;
    vacuumFile(db);
    return { beforeBytes, afterBytes: fileFigures(db, file).fileBytes };
  });
}
