/**
 * LangGraph's PostgresSaver tables (docs: /work/shared notes; the same tables for LangGraph.js and Python)
 * as a NamespaceHistory, so the SQLite reader's views serve Postgres unchanged. The rows arrive through
 * PostgresRows (implemented over pg in core/storage/postgres/langgraph-reads.ts): the checkpoint and
 * metadata as parsed JSONB, each channel value once per (channel, version) in checkpoint_blobs, pending
 * writes per (checkpoint, task, idx). A checkpoint's values are its inline JSONB values plus the blobs of
 * its channel_versions; each blob is decoded once and shared by every checkpoint that names it.
 */
import type { ThreadStatus } from "../../api/types.ts";
import { decodePayload, type DecodedPayload } from "../serde/payload.ts";
import { HistoryViews } from "../langgraph/views.ts";
import { NamespaceHistory } from "../langgraph/history.ts";
import { loadCheckpoint, loadWrite, type Dialect, type LoadedCheckpoint, type LoadedWrite } from "../langgraph/model.ts";

/** The row access a Postgres LangGraph reader needs: every query is paged, so no call holds a whole table. */
export interface PostgresRows {
  /** The URL with its password masked (and ?schema= when not the default), naming the database in messages. */
  readonly where: string;
  namespaces(): AsyncIterable<Array<{ thread_id: string; checkpoint_ns: string }>>;
  checkpoints(threadId: string, namespace: string): AsyncIterable<Array<{ checkpoint_id: string; parent_checkpoint_id: string | null; checkpoint: unknown; metadata: unknown }>>;
  blobs(threadId: string, namespace: string): AsyncIterable<Array<{ channel: string; version: string; type: string; blob: Uint8Array | null }>>;
  writes(threadId: string, namespace: string): AsyncIterable<Array<{ checkpoint_id: string; task_id: string; idx: number; channel: string; type: string | null; value: Uint8Array | null }>>;
  /** Threads matching an ILIKE `pattern` on thread id or namespace (null: all), newest root head first, paged and counted in SQL. */
  threadIndex?(pattern: string | null, offset: number, limit: number): Promise<{ total: number; threads: Array<{ thread_id: string; namespaces: Array<[string, number, string]> }> }>;
  /** For each thread threadIndex(pattern) lists, in order: its first namespace's head with that head's writes (values base64). */
  indexHeads?(pattern: string | null): Promise<Array<PgHead & { thread_id: string; namespaces: Array<[string, number, string]> }>>;
  /** A namespace's skeleton rows (langgraph-window-reads.ts): checkpoints cut down, blob types, writes valued only where nodes are named. */
  skeletonRows?(threadId: string, namespace: string): Promise<PgSkeletonRows>;
  /** The skeleton rows after checkpoint `afterId`: newer checkpoints, their versions' blobs, the writes against them, their parents and `alsoIds`. */
  skeletonRowsAfter?(threadId: string, namespace: string, afterId: string, alsoIds: readonly string[]): Promise<PgSkeletonRows>;
  /** The named checkpoints in full with the blobs of their versions and their writes. */
  windowRows?(threadId: string, namespace: string, ids: readonly string[]): Promise<PgPartRows>;
  /** A stamp of one namespace that moves with each checkpoint or write added to it (counts and newest ids). */
  namespaceStamp?(threadId: string, namespace: string): Promise<string>;
  /** The newest `limit` checkpoint ids of a namespace, newest first. */
  newestIds?(threadId: string, namespace: string, limit: number): Promise<string[]>;
  /** Per namespace named (with its head id), in order: head and parent in full with their writes, the first checkpoint's ts, the leaf count. */
  namespaceSummaries?(keys: ReadonlyArray<{ thread_id: string; checkpoint_ns: string; head: string }>): Promise<Array<PgPartRows & { firstTs: unknown; leaves: number }>>;
  /** Per thread id, a stamp that moves with each checkpoint and write, read without decoding. */
  threadStamps?(): Promise<Map<string, string>>;
  changeToken(): Promise<string>;
  close(): Promise<void>;
}

type PgCheckpoint = { checkpoint_id: string; parent_checkpoint_id: string | null; checkpoint: unknown; metadata: unknown };
/** A head checkpoint row with its writes as [task, idx, channel, type, base64 value] and blobs as [channel, version, type, base64 blob]. */
export type PgHead = PgCheckpoint & { writes: Array<[string, number, string, string | null, string | null]>; blobs: Array<[string, string, string, string | null]> };

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/** Read one (thread, namespace); null when it has no checkpoint. */
export async function loadPostgresHistory(rows: PostgresRows, threadId: string, namespace: string, dialect: Dialect): Promise<NamespaceHistory | null> {
  const file = rows.where;
  const ns = namespace ? ` (namespace "${namespace}")` : "";
  const blobs = new Map<string, DecodedPayload | "empty">();
  for await (const page of rows.blobs(threadId, namespace)) {
    for (const blob of page) {
      const what = `the value of channel "${blob.channel}" at version ${blob.version} of thread "${threadId}"${ns} in ${file}`;
      blobs.set(`${blob.channel}\u0000${blob.version}`, blob.type === "empty" ? "empty" : decodePayload(blob.type, blob.blob, what));
    }
  }
  const checkpoints: LoadedCheckpoint[] = [];
  for await (const page of rows.checkpoints(threadId, namespace)) {
    for (const row of page) {
      const loaded = loadPgCheckpoint(row, threadId, namespace, dialect, file);
      addBlobValues(loaded, blobs);
      checkpoints.push(loaded);
    }
  }
  if (checkpoints.length === 0) return null;
  warnSharedVersions(checkpoints);
  const writes = [];
  for await (const page of rows.writes(threadId, namespace)) {
    for (const row of page) writes.push(loadWrite(row, `checkpoint "${row.checkpoint_id}" of thread "${threadId}"${ns} in ${file}`));
  }
  return new NamespaceHistory(file, threadId, namespace, dialect, checkpoints, writes);
}

/** One checkpoint row as the SQLite reader's model holds it (values from blobs not yet added). */
export function loadPgCheckpoint(row: PgCheckpoint, threadId: string, namespace: string, dialect: Dialect, file: string): LoadedCheckpoint {
  // The JSONB checkpoint keeps only inline (primitive) values; the reader expects a channel_values object.
  const body = isRecord(row.checkpoint) ? { ...row.checkpoint, channel_values: isRecord(row.checkpoint.channel_values) ? row.checkpoint.channel_values : {} } : row.checkpoint;
  return loadCheckpoint(
    { thread_id: threadId, checkpoint_ns: namespace, checkpoint_id: row.checkpoint_id, parent_checkpoint_id: row.parent_checkpoint_id, type: "json", checkpoint: JSON.stringify(body), metadata: JSON.stringify(row.metadata ?? {}) },
    dialect,
    file,
  );
}

/** A namespace's status from its head and the head's writes alone (what HistoryViews.status() decides over the whole history). */
export function headStatus(file: string, threadId: string, namespace: string, dialect: Dialect, head: PgHead): ThreadStatus {
  const blobs = head.blobs.map(([channel, version, type, blob]) => ({ channel, version, type, blob: blob === null ? null : Buffer.from(blob, "base64") }));
  const writes = head.writes.map(([task_id, idx, channel, type, value]) => ({ checkpoint_id: head.checkpoint_id, task_id, idx, channel, type, value: value === null ? null : Buffer.from(value, "base64") }));
  return new HistoryViews(partialHistory(file, threadId, namespace, dialect, { checkpoints: [head], blobs, writes })).status();
}

/** Rows of some checkpoints of a namespace: the checkpoints, the blobs of their channel versions and the writes against them. */
export interface PgPartRows {
  checkpoints: PgCheckpoint[];
  blobs: PgBlob[];
  writes: PgWrite[];
}
export type PgBlob = { channel: string; version: string; type: string; blob: Uint8Array | null };
/**
 * A skeleton's rows: checkpoints cut down; blobs the skeleton keeps (and "empty" markers) one per row, the
 * other stored versions of a channel in one row whose `versions` joins them with U+001F; writes valued only
 * where they name nodes.
 */
export type PgSkeletonRows = {
  checkpoints: PgCheckpoint[];
  blobs: Array<{ channel: string; version: string | null; type: string | null; blob: Uint8Array | null; versions: string | null }>;
  writes: Array<PgWrite & { valued: boolean }>;
};
export type PgWrite = { checkpoint_id: string; task_id: string; idx: number; channel: string; type: string | null; value: Uint8Array | null };

/** Some checkpoints of a namespace decoded in full (oldest first, with their writes), as loadPostgresHistory decodes each. */
export function decodeCheckpoints(file: string, threadId: string, namespace: string, dialect: Dialect, rows: PgPartRows): { checkpoints: LoadedCheckpoint[]; writes: LoadedWrite[] } {
  const ns = namespace ? ` (namespace "${namespace}")` : "";
  const blobs = new Map<string, DecodedPayload | "empty">();
  for (const blob of rows.blobs) {
    const what = `the value of channel "${blob.channel}" at version ${blob.version} of thread "${threadId}"${ns} in ${file}`;
    blobs.set(`${blob.channel}\u0000${blob.version}`, blob.type === "empty" ? "empty" : decodePayload(blob.type, blob.blob, what));
  }
  const checkpoints = rows.checkpoints
    .map((row) => {
      const checkpoint = loadPgCheckpoint(row, threadId, namespace, dialect, file);
      addBlobValues(checkpoint, blobs);
      return checkpoint;
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const writes = rows.writes.map((row) => loadWrite(row, `checkpoint "${row.checkpoint_id}" of thread "${threadId}"${ns} in ${file}`));
  return { checkpoints, writes };
}

/** A history of only the checkpoints given (a head, or a head and its parent): what a thread-list row or a status reads. */
export function partialHistory(file: string, threadId: string, namespace: string, dialect: Dialect, rows: PgPartRows): NamespaceHistory {
  const { checkpoints, writes } = decodeCheckpoints(file, threadId, namespace, dialect, rows);
  return new NamespaceHistory(file, threadId, namespace, dialect, checkpoints, writes);
}

/** Fill a checkpoint's values from the blobs of its channel versions; a missing blob is a problem, "empty" an empty channel. */
function addBlobValues(checkpoint: LoadedCheckpoint, blobs: ReadonlyMap<string, DecodedPayload | "empty">): void {
  for (const [channel, version] of Object.entries(checkpoint.versions)) {
    if (channel in checkpoint.channelValues) continue;
    const blob = blobs.get(`${channel}\u0000${String(version)}`);
    if (blob === "empty") continue;
    if (blob === undefined) {
      // Python keeps primitive values inline and stores no blob for them; only a missing non-inline value is a problem.
      checkpoint.problems.push(`No stored value for channel "${channel}" at version ${String(version)} of checkpoint "${checkpoint.id}"; the channel is shown empty.`);
      continue;
    }
    checkpoint.channelValues[channel] = blob.value;
    if (blob.problem && !checkpoint.problems.includes(blob.problem)) checkpoint.problems.push(blob.problem);
  }
}

/**
 * LangGraph.js's PostgresSaver stores a value once per (channel, version) and ignores a second insert
 * (ON CONFLICT DO NOTHING), while its integer versions can repeat across branches: a checkpoint that
 * writes a channel at a version another branch already wrote shows (and resumes with) the other
 * branch's value (LangGraph.js issue #1812). Such a checkpoint gets a warning naming both.
 */
export function warnSharedVersions(checkpoints: LoadedCheckpoint[]): void {
  const byId = new Map(checkpoints.map((checkpoint) => [checkpoint.id, checkpoint]));
  const firstWriter = new Map<string, string>();
  for (const checkpoint of checkpoints) {
    const parent = checkpoint.parentId === null ? undefined : byId.get(checkpoint.parentId);
    for (const [channel, version] of Object.entries(checkpoint.versions)) {
      if (parent && parent.versions[channel] === version) continue;
      const key = `${channel}\u0000${String(version)}`;
      const first = firstWriter.get(key);
      if (first === undefined) {
        firstWriter.set(key, checkpoint.id);
      } else if (first !== checkpoint.id) {
        checkpoint.problems.push(
          `Channel "${channel}" of checkpoint "${checkpoint.id}" was written at version ${String(version)}, which checkpoint "${first}" on another branch had already stored; LangGraph.js's PostgresSaver kept the first value (LangGraph.js issue #1812), so the value shown, and resumed with, is that branch's.`,
        );
      }
    }
  }
}

/** "py" when the versions are strings (Python's padded text versions), else "js" (integers). */
export function dialectOf(checkpoint: unknown): Dialect {
  const versions = isRecord(checkpoint) && isRecord(checkpoint.channel_versions) ? Object.values(checkpoint.channel_versions) : [];
  return versions.some((version) => typeof version === "string") ? "py" : "js";
}
