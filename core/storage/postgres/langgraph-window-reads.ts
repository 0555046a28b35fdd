/**
 * The reads of LangGraph's PostgresSaver tables that let the debugger decode only what is on screen: a
 * thread's skeleton (every checkpoint without its values: the JSONB cut down in SQL to versions, what
 * nodes saw, and the few values that say which nodes run next), a window of checkpoints by id with the
 * blobs and writes they need, the newest ids of a namespace, and the thread list's rows from each
 * namespace's head (with its parent, first checkpoint and branch count) rather than its whole history.
 * Rows come back undecoded; core/interop/postgres decodes them. Every statement is READ ONLY.
 */

/** What these reads need of the reader (LangGraphPgReader): its schema's tables and read-only statements. */
export interface SqlReader {
  table(name: string): string;
  rowsOf<T>(text: string, params: unknown[]): Promise<T[]>;
}

export interface PgCheckpointRow {
  checkpoint_id: string;
  parent_checkpoint_id: string | null;
  checkpoint: unknown;
  metadata: unknown;
}
export interface PgBlobRow {
  channel: string;
  version: string;
  type: string;
  blob: Uint8Array | null;
}
export interface PgWriteRow {
  checkpoint_id: string;
  task_id: string;
  idx: number;
  channel: string;
  type: string | null;
  value: Uint8Array | null;
}

const TASKS = "__pregel_tasks";
const NULL_TASK = "00000000-0000-0000-0000-000000000000";

const VALUED = `(channel = '${TASKS}' OR task_id = '${NULL_TASK}' OR channel LIKE 'branch:%' OR channel LIKE 'join:%' OR channel LIKE 'start:%')`;
/** A skeleton's write columns (skeletonWrites says which carry a value). */
const WRITE_COLUMNS = `checkpoint_id, task_id, idx, channel, type, CASE WHEN ${VALUED} THEN blob END AS value, ${VALUED} AS valued`;

/** A value the skeleton keeps: joins (who has arrived), Send packets, delta snapshots. Everything else is a name only. */
const KEPT_VALUE = (value: string) => `(j.key LIKE 'join:%' OR j.key = '${TASKS}' OR ${value}::text LIKE '%delta\\_snapshot%')`;

/**
 * The checkpoint JSONB with channel_values cut to names (kept values aside) and metadata.writes to its keys
 * (the nodes it names); a row that is not an object, or has no channel_values (LangGraph.js keeps every value
 * in blobs), comes back as it is: building a new JSONB per row was most of the statement's time.
 */
const LIGHT_COLUMNS = `c.checkpoint_id, c.parent_checkpoint_id,
  CASE WHEN jsonb_typeof(c.checkpoint) = 'object' AND c.checkpoint ? 'channel_values' THEN (c.checkpoint - 'channel_values') || jsonb_build_object('channel_values',
    coalesce((SELECT jsonb_object_agg(j.key, CASE WHEN ${KEPT_VALUE("j.value")} THEN j.value ELSE 'null'::jsonb END)
      FROM jsonb_each(CASE WHEN jsonb_typeof(c.checkpoint->'channel_values') = 'object' THEN c.checkpoint->'channel_values' ELSE '{}'::jsonb END) j), '{}'::jsonb))
  ELSE c.checkpoint END AS checkpoint,
  CASE WHEN jsonb_typeof(c.metadata) = 'object' AND c.metadata ? 'writes' AND jsonb_typeof(c.metadata->'writes') = 'object'
    THEN (c.metadata - 'writes') || jsonb_build_object('writes', (SELECT coalesce(jsonb_object_agg(w.key, 'null'::jsonb), '{}'::jsonb) FROM jsonb_each(c.metadata->'writes') w))
    ELSE c.metadata END AS metadata`;

/** Every checkpoint of a (thread, namespace) cut down (LIGHT_COLUMNS), oldest first. */
export function skeletonCheckpoints(reader: SqlReader, threadId: string, namespace: string): Promise<PgCheckpointRow[]> {
  return reader.rowsOf(`SELECT ${LIGHT_COLUMNS} FROM ${reader.table("checkpoints")} c WHERE c.thread_id = $1 AND c.checkpoint_ns = $2 ORDER BY c.checkpoint_id`, [threadId, namespace]);
}

/**
 * A skeleton's blob row: a value it keeps (joins, Send packets, delta snapshots: `blob` set) or an "empty"
 * marker, one row each; or, with `versions` set, every other stored version of `channel` in one row (joined
 * by U+001F): the skeleton only asks whether those exist, and one row per channel spares 70,000 row objects
 * on a 20,000-checkpoint thread.
 */
export type PgSkeletonBlobRow = PgBlobRow & { versions: string | null };

const KEPT_BLOB = `(channel LIKE 'join:%' OR channel = '${TASKS}' OR position('delta_snapshot'::bytea IN coalesce(blob, ''::bytea)) > 0)`;

/** The skeleton's blob rows (PgSkeletonBlobRow) of a namespace whose blobs `where` (over thread_id $1, checkpoint_ns $2) also names. */
function skeletonBlobSql(blobs: string, where: string): string {
  return `SELECT channel, version, type, CASE WHEN ${KEPT_BLOB} THEN blob END AS blob, NULL AS versions FROM ${blobs}
      WHERE thread_id = $1 AND checkpoint_ns = $2 AND ${where} AND (type = 'empty' OR ${KEPT_BLOB})
    UNION ALL
    SELECT channel, NULL, NULL, NULL, string_agg(version, E'\\x1f') FROM ${blobs}
      WHERE thread_id = $1 AND checkpoint_ns = $2 AND ${where} AND type <> 'empty' AND NOT ${KEPT_BLOB} GROUP BY channel`;
}

/** Every stored (channel, version) of a namespace: the bytes only where the skeleton keeps the value, the others grouped by channel (PgSkeletonBlobRow). */
export function skeletonBlobs(reader: SqlReader, threadId: string, namespace: string): Promise<PgSkeletonBlobRow[]> {
  return reader.rowsOf(skeletonBlobSql(reader.table("checkpoint_blobs"), "true"), [threadId, namespace]);
}

/**
 * The skeleton rows added after checkpoint `afterId` (a held skeleton's head): the newer checkpoints cut
 * down, the blobs of their versions, and every write against them or against the checkpoints `alsoIds` names.
 */
export async function skeletonRowsAfter(
  reader: SqlReader,
  threadId: string,
  namespace: string,
  afterId: string,
  alsoIds: readonly string[],
): Promise<{ checkpoints: PgCheckpointRow[]; blobs: PgSkeletonBlobRow[]; writes: Array<PgWriteRow & { valued: boolean }> }> {
  const cps = reader.table("checkpoints");
  const checkpoints = await reader.rowsOf<PgCheckpointRow>(`SELECT ${LIGHT_COLUMNS} FROM ${cps} c WHERE c.thread_id = $1 AND c.checkpoint_ns = $2 AND c.checkpoint_id > $3 ORDER BY c.checkpoint_id`, [
    threadId,
    namespace,
    afterId,
  ]);
  const blobs = await reader.rowsOf<PgSkeletonBlobRow>(
    skeletonBlobSql(
      reader.table("checkpoint_blobs"),
      `(channel, version) IN (
       SELECT DISTINCT v.key, v.value FROM ${cps} c, jsonb_each_text(CASE WHEN jsonb_typeof(c.checkpoint->'channel_versions') = 'object' THEN c.checkpoint->'channel_versions' ELSE '{}'::jsonb END) v
        WHERE c.thread_id = $1 AND c.checkpoint_ns = $2 AND c.checkpoint_id > $3)`,
    ),
    [threadId, namespace, afterId],
  );
  const also = [...new Set([...alsoIds, ...checkpoints.map((row) => row.parent_checkpoint_id ?? "")])];
  const writes = await reader.rowsOf<PgWriteRow & { valued: boolean }>(
    `SELECT ${WRITE_COLUMNS} FROM ${reader.table("checkpoint_writes")} WHERE thread_id = $1 AND checkpoint_ns = $2 AND (checkpoint_id > $3 OR checkpoint_id = ANY($4::text[])) ORDER BY checkpoint_id, task_id, idx`,
    [threadId, namespace, afterId, also],
  );
  return { checkpoints, blobs, writes };
}

/**
 * Every write of a namespace by (checkpoint, task, idx), its value only for Send packets (they name nodes),
 * the null task's (a Command given as input can schedule nodes) and routes (small: null or the source's
 * name, which tells a conditional edge); `valued` says which carry one.
 */
export function skeletonWrites(reader: SqlReader, threadId: string, namespace: string): Promise<Array<PgWriteRow & { valued: boolean }>> {
  return reader.rowsOf(`SELECT ${WRITE_COLUMNS} FROM ${reader.table("checkpoint_writes")} WHERE thread_id = $1 AND checkpoint_ns = $2 ORDER BY checkpoint_id, task_id, idx`, [threadId, namespace]);
}

/** The named checkpoints of a namespace in full with the blobs of their channel versions and their writes. */
export async function windowRows(
  reader: SqlReader,
  threadId: string,
  namespace: string,
  ids: readonly string[],
): Promise<{ checkpoints: PgCheckpointRow[]; blobs: PgBlobRow[]; writes: PgWriteRow[] }> {
  const params = [threadId, namespace, [...ids]];
  // Side by side on the pool's connections: each is its own snapshot, as the skeleton's statements are.
  const [checkpoints, blobs, writes] = await Promise.all([
    reader.rowsOf<PgCheckpointRow>(
      `SELECT checkpoint_id, parent_checkpoint_id, checkpoint, metadata FROM ${reader.table("checkpoints")}
        WHERE thread_id = $1 AND checkpoint_ns = $2 AND checkpoint_id = ANY($3::text[]) ORDER BY checkpoint_id`,
      params,
    ),
    reader.rowsOf<PgBlobRow>(
      `SELECT b.channel, b.version, b.type, b.blob FROM ${reader.table("checkpoint_blobs")} b
        WHERE b.thread_id = $1 AND b.checkpoint_ns = $2 AND (b.channel, b.version) IN (
          SELECT DISTINCT v.key, v.value FROM ${reader.table("checkpoints")} c, jsonb_each_text(CASE WHEN jsonb_typeof(c.checkpoint->'channel_versions') = 'object' THEN c.checkpoint->'channel_versions' ELSE '{}'::jsonb END) v
           WHERE c.thread_id = $1 AND c.checkpoint_ns = $2 AND c.checkpoint_id = ANY($3::text[]))`,
      params,
    ),
    reader.rowsOf<PgWriteRow>(
      `SELECT checkpoint_id, task_id, idx, channel, type, blob AS value FROM ${reader.table("checkpoint_writes")}
        WHERE thread_id = $1 AND checkpoint_ns = $2 AND checkpoint_id = ANY($3::text[]) ORDER BY checkpoint_id, task_id, idx`,
      params,
    ),
  ]);
  return { checkpoints, blobs, writes };
}

/** A stamp of one namespace that moves with each checkpoint or write added to it: counts and newest ids, from the primary keys. */
export async function namespaceStamp(reader: SqlReader, threadId: string, namespace: string): Promise<string> {
  const rows = await reader.rowsOf<{ stamp: string }>(
    `SELECT (SELECT count(*) || '/' || coalesce(max(checkpoint_id), '') FROM ${reader.table("checkpoints")} WHERE thread_id = $1 AND checkpoint_ns = $2) || '#' ||
            (SELECT count(*) || '/' || coalesce(max(checkpoint_id), '') FROM ${reader.table("checkpoint_writes")} WHERE thread_id = $1 AND checkpoint_ns = $2) AS stamp`,
    [threadId, namespace],
  );
  return rows[0]!.stamp;
}

/** The newest `limit` checkpoint ids of a namespace, newest first (the primary key's order). */
export async function newestIds(reader: SqlReader, threadId: string, namespace: string, limit: number): Promise<string[]> {
  const rows = await reader.rowsOf<{ id: string }>(
    `SELECT checkpoint_id AS id FROM ${reader.table("checkpoints")} WHERE thread_id = $1 AND checkpoint_ns = $2 ORDER BY checkpoint_id DESC LIMIT $3`,
    [threadId, namespace, limit],
  );
  return rows.map((row) => row.id);
}

/** A namespace named by the thread list: its key and its head (the largest checkpoint id). */
export interface PgNamespaceKey {
  thread_id: string;
  checkpoint_ns: string;
  head: string;
}

/** What a namespace's thread-list row is decided from: head and parent in full with their writes, the first checkpoint's time, the leaves. */
export interface PgNamespaceSummaryRows {
  key: PgNamespaceKey;
  checkpoints: PgCheckpointRow[];
  blobs: PgBlobRow[];
  writes: PgWriteRow[];
  /** The first (smallest id) checkpoint's `ts`, as stored. */
  firstTs: unknown;
  /**
   * Checkpoints no other checkpoint of the namespace names as parent. (EXCEPT rather than NOT EXISTS: the
   * planner, expecting a few rows per thread, ran the anti-join as a nested loop, quadratic on a long thread.)
   */
  leaves: number;
}

/** For each namespace named: the rows its thread-list row needs (PgNamespaceSummaryRows), in the order named. */
export async function namespaceSummaryRows(reader: SqlReader, keys: readonly PgNamespaceKey[]): Promise<PgNamespaceSummaryRows[]> {
  if (keys.length === 0) return [];
  const cps = reader.table("checkpoints");
  const unnest = `SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS k(thread_id, checkpoint_ns, head, n)`;
  const params = [keys.map((key) => key.thread_id), keys.map((key) => key.checkpoint_ns), keys.map((key) => key.head)];
  const facts = await reader.rowsOf<{ n: string; first_ts: unknown; leaves: number }>(
    `SELECT k.n, (SELECT c.checkpoint->'ts' FROM ${cps} c WHERE c.thread_id = k.thread_id AND c.checkpoint_ns = k.checkpoint_ns ORDER BY c.checkpoint_id LIMIT 1) AS first_ts,
       (SELECT count(*)::int FROM (SELECT c.checkpoint_id FROM ${cps} c WHERE c.thread_id = k.thread_id AND c.checkpoint_ns = k.checkpoint_ns
          EXCEPT SELECT d.parent_checkpoint_id FROM ${cps} d WHERE d.thread_id = k.thread_id AND d.checkpoint_ns = k.checkpoint_ns) AS leaf) AS leaves
     FROM (${unnest}) k`,
    params,
  );
  const rows = await reader.rowsOf<PgCheckpointRow & { n: string; writes: Array<[string, number, string, string | null, string | null]>; blobs: Array<[string, string, string, string | null]> }>(
    `WITH k AS (${unnest}),
       h AS (SELECT k.n, c.* FROM k JOIN ${cps} c ON c.thread_id = k.thread_id AND c.checkpoint_ns = k.checkpoint_ns AND c.checkpoint_id = k.head),
       r AS (SELECT * FROM h UNION ALL SELECT h.n, p.* FROM h JOIN ${cps} p ON p.thread_id = h.thread_id AND p.checkpoint_ns = h.checkpoint_ns AND p.checkpoint_id = h.parent_checkpoint_id)
     SELECT r.n, r.checkpoint_id, r.parent_checkpoint_id, r.checkpoint, r.metadata,
       (SELECT coalesce(json_agg(json_build_array(w.task_id, w.idx, w.channel, w.type, encode(w.blob, 'base64')) ORDER BY w.task_id, w.idx), '[]')
          FROM ${reader.table("checkpoint_writes")} w WHERE w.thread_id = r.thread_id AND w.checkpoint_ns = r.checkpoint_ns AND w.checkpoint_id = r.checkpoint_id) AS writes,
       (SELECT coalesce(json_agg(json_build_array(b.channel, b.version, b.type, encode(b.blob, 'base64'))), '[]') FROM ${reader.table("checkpoint_blobs")} b
          WHERE b.thread_id = r.thread_id AND b.checkpoint_ns = r.checkpoint_ns
            AND (b.channel, b.version) IN (SELECT key, value FROM jsonb_each_text(CASE WHEN jsonb_typeof(r.checkpoint->'channel_versions') = 'object' THEN r.checkpoint->'channel_versions' ELSE '{}'::jsonb END))) AS blobs
     FROM r ORDER BY r.n, r.checkpoint_id`,
    params,
  );
  return keys.map((key, index) => {
    const n = String(index + 1);
    const mine = rows.filter((row) => String(row.n) === n);
    const fact = facts.find((row) => String(row.n) === n);
    const seen = new Set<string>();
    const blobs: PgBlobRow[] = [];
    for (const row of mine) {
      for (const [channel, version, type, blob] of row.blobs) {
        if (seen.has(`${channel}\u0000${version}`)) continue;
        seen.add(`${channel}\u0000${version}`);
        blobs.push({ channel, version, type, blob: blob === null ? null : Buffer.from(blob, "base64") });
      }
    }
    return {
      key,
      checkpoints: mine.map(({ checkpoint_id, parent_checkpoint_id, checkpoint, metadata }) => ({ checkpoint_id, parent_checkpoint_id, checkpoint, metadata })),
      blobs,
      writes: mine.flatMap((row) =>
        row.writes.map(([task_id, idx, channel, type, value]) => ({ checkpoint_id: row.checkpoint_id, task_id, idx, channel, type, value: value === null ? null : Buffer.from(value, "base64") })),
      ),
      firstTs: fact?.first_ts ?? null,
      leaves: fact?.leaves ?? 1,
    };
  });
}
