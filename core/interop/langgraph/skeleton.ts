/**
 * The skeleton of one (thread, namespace) of a LangGraph SQLite file: every checkpoint's id, parent, step,
 * source, time and run id, plus the facts about the whole namespace that one checkpoint's timeline row
 * depends on (the node names and trigger channels it mentions, the delta channels, the writes stored
 * against missing checkpoints, which checkpoints have error or interrupt writes), read without decoding
 * the channel values or the writes' values. A window of rows is then decoded alone (history-window.ts).
 *
 * JSON checkpoints (LangGraph.js's default) are read inside SQLite: the row's columns with json_extract, and
 * the thread's distinct channel names and versions_seen keys with json_each, so nothing per row reaches
 * JavaScript but a few scalars. Rows SQLite cannot read that way (Python's msgpack, oversized or malformed
 * JSON, Send packets, metadata.writes, delta snapshots) are decoded one at a time and cut down to what
 * the facts need. The facts themselves are gathered by NamespaceHistory (history.ts): one rule for both. */
import type { RawDatabase } from "../../storage/sqlite/raw.ts";
import { ERROR, INTERRUPT, TASKS } from "./channels.ts";
import { deltaChannels } from "./delta.ts";
import { NamespaceHistory } from "./history.ts";
import { loadCheckpoint, loadWrite, stepFromId, type Dialect, type LoadedCheckpoint, type LoadedWrite } from "./model.ts";
import { type WriteRow, writesAgainst } from "./rows.ts";

export interface SkeletonRow {
  id: string;
  parentId: string | null;
  step: number;
  source: LoadedCheckpoint["source"];
  createdAt: number | null;
  /** metadata.run_id when it is a non-empty string. */
  runId?: string;
}

export interface ThreadSkeleton {
  threadId: string;
  namespace: string;
  dialect: Dialect;
  /** Oldest first (by id, which is creation order). */
  rows: SkeletonRow[];
  /** Child ids of each checkpoint, oldest first. */
  children: Map<string, string[]>;
  nodes: Set<string>;
  triggers: Map<string, string[]>;
  /** Delta channels (delta.ts): a state view then needs ancestors, so views are read from the whole history. */
  deltas: Set<string>;
  /** Writes stored against checkpoints that do not exist (values left out: only their count and ids are shown). */
  orphanWrites: LoadedWrite[];
  /** How many writes are stored against each checkpoint. */
  writeCounts: Map<string, number>;
  /** Checkpoints with an error or interrupt write: the only ones whose row can show errors or waiting nodes. */
  outcomeIds: Set<string>;
}

/** Above this many bytes a JSON checkpoint is decoded in JavaScript (where the reading budget applies) rather than read in SQLite. */
const IN_SQL_BYTES = 1_000_000;

/**
 * Per checkpoint: whether SQLite reads it (`plain`: JSON, small, a channel_values object, metadata JSON, and
 * nothing that names nodes outside channel names: no Send packets, no metadata.writes, no delta snapshot),
 * the columns a skeleton row needs, and the blobs only for the rows read in JavaScript.
 */
const ROWS_SQL = `
  WITH c AS MATERIALIZED (
    -- Materialized so that the test runs once per row, not once per column that reads it.
    SELECT rowid AS r,
           -- CASE, not AND: SQLite may evaluate both sides of an AND, and json_type fails on a msgpack blob.
           CASE WHEN coalesce(type, 'json') = 'json' AND length(CAST(checkpoint AS BLOB)) <= ${IN_SQL_BYTES} THEN
             CASE WHEN json_valid(CAST(checkpoint AS TEXT)) AND json_valid(CAST(metadata AS TEXT))
               THEN json_type(CAST(checkpoint AS TEXT), '$.channel_values') = 'object'
                    AND json_type(CAST(metadata AS TEXT)) = 'object'
                    AND coalesce(json_array_length(CAST(checkpoint AS TEXT), '$.channel_values.${TASKS}'), 0) = 0
                    AND json_type(CAST(metadata AS TEXT), '$.writes') IS NULL
                    AND instr(CAST(checkpoint AS TEXT), 'delta_snapshot') = 0 AND instr(CAST(metadata AS TEXT), 'delta_snapshot') = 0
               ELSE 0 END
           ELSE 0 END AS plain
      FROM checkpoints WHERE thread_id = ? AND checkpoint_ns = ?)
  SELECT k.checkpoint_id, k.parent_checkpoint_id, k.type, c.plain,
         CASE WHEN c.plain THEN json_extract(CAST(k.checkpoint AS TEXT), '$.ts') END AS ts,
         CASE WHEN c.plain THEN json_extract(CAST(k.metadata AS TEXT), '$.step') END AS step,
         CASE WHEN c.plain THEN json_type(CAST(k.metadata AS TEXT), '$.step') END AS step_type,
         CASE WHEN c.plain THEN json_extract(CAST(k.metadata AS TEXT), '$.source') END AS source,
         CASE WHEN c.plain THEN json_extract(CAST(k.metadata AS TEXT), '$.run_id') END AS run_id,
         CASE WHEN c.plain THEN NULL ELSE k.checkpoint END AS checkpoint,
         CASE WHEN c.plain THEN NULL ELSE k.metadata END AS metadata
    FROM c JOIN checkpoints AS k ON k.rowid = c.r ORDER BY k.checkpoint_id`;

/** The distinct channel names (with a version, or a value) and versions_seen keys of the rows SQLite reads. */
const CHANNELS_SQL = `
  WITH c AS (SELECT CAST(checkpoint AS TEXT) AS cp FROM checkpoints WHERE thread_id = ? AND checkpoint_ns = ? AND checkpoint_id IN (SELECT value FROM json_each(?)))
  SELECT DISTINCT 'v' AS kind, j.key AS name FROM c, json_each(c.cp, '$.channel_versions') AS j WHERE j.type IN ('integer', 'real', 'text')
  UNION SELECT DISTINCT 'v', j.key FROM c, json_each(c.cp, '$.channel_values') AS j
  UNION SELECT DISTINCT 's', j.key FROM c, json_each(c.cp, '$.versions_seen') AS j`;

/** Per checkpoint id (existing or not), how many writes are stored against it and whether one is an error or interrupt. */
const WRITE_COUNTS_SQL = `
  SELECT checkpoint_id, COUNT(*) AS count, MAX(channel IN ('${ERROR}', '${INTERRUPT}')) AS outcome
    FROM writes WHERE thread_id = ? AND checkpoint_ns = ? GROUP BY checkpoint_id`;

/** The distinct write channels, and the Send packets written (they name nodes). */
const WRITE_CHANNELS_SQL = `
  SELECT DISTINCT '' AS checkpoint_id, '' AS task_id, 0 AS idx, channel, NULL AS type, NULL AS value FROM writes WHERE thread_id = ? AND checkpoint_ns = ? AND channel <> '${TASKS}'
  UNION ALL SELECT checkpoint_id, task_id, idx, channel, type, value FROM writes WHERE thread_id = ? AND checkpoint_ns = ? AND channel = '${TASKS}'`;

interface SkeletonSqlRow {
  checkpoint_id: string;
  parent_checkpoint_id: string | null;
  type: string | null;
  plain: number;
  ts: unknown;
  step: unknown;
  step_type: string | null;
  source: unknown;
  run_id: unknown;
  checkpoint: Uint8Array | string | null;
  metadata: Uint8Array | string | null;
}

const SOURCES = new Set(["input", "loop", "update", "fork"]);

/** A skeleton row from SQLite's columns, by loadCheckpoint's rules (model.ts). */
function plainRow(row: SkeletonSqlRow): SkeletonRow {
  const parsed = typeof row.ts === "string" ? Date.parse(row.ts) : NaN;
  const step = row.step_type === "integer" || row.step_type === "real" ? Number(row.step) : stepFromId(row.checkpoint_id);
  const source = typeof row.source === "string" && SOURCES.has(row.source) ? (row.source as SkeletonRow["source"]) : row.parent_checkpoint_id ? "loop" : "input";
  const skeleton: SkeletonRow = { id: row.checkpoint_id, parentId: row.parent_checkpoint_id, step, source, createdAt: Number.isNaN(parsed) ? null : parsed };
  if (typeof row.run_id === "string" && row.run_id.length > 0) skeleton.runId = row.run_id;
  return skeleton;
}

const keptInJs = (channel: string, value: unknown) =>
  channel === TASKS || channel.startsWith("join:") || (value !== null && typeof value === "object" && "$delta_snapshot" in value);

/** A decoded checkpoint with only what the facts read: channel names, versions, Send packets, join and delta values, metadata. */
function cutDown(checkpoint: LoadedCheckpoint): LoadedCheckpoint {
  const channelValues: Record<string, unknown> = {};
  for (const [channel, value] of Object.entries(checkpoint.channelValues)) channelValues[channel] = keptInJs(channel, value) ? value : null;
  return { ...checkpoint, channelValues, problems: [], payload: { value: null }, metadataPayload: { value: null } };
}

/** Read the skeleton of one (thread, namespace); null when it has no checkpoint. */
export function readSkeleton(db: RawDatabase, threadId: string, namespace: string, dialect: Dialect): ThreadSkeleton | null {
  const sqlRows = db.all<SkeletonSqlRow>(ROWS_SQL, threadId, namespace);
  if (sqlRows.length === 0) return null;
  const rows: SkeletonRow[] = [];
  // The rows SQLite could not read, decoded one at a time and kept only as far as the facts need.
  const decoded: LoadedCheckpoint[] = [];
  const plainIds: string[] = [];
  for (const row of sqlRows) {
    if (row.plain) {
      rows.push(plainRow(row));
      plainIds.push(row.checkpoint_id);
      continue;
    }
    const checkpoint = cutDown(loadCheckpoint({ ...row, thread_id: threadId, checkpoint_ns: namespace }, dialect, db.file));
    decoded.push(checkpoint);
    rows.push(skeletonRow(checkpoint));
  }
  // Channel names and versions_seen keys of the plain rows, as one stand-in checkpoint: nodes and triggers
  // are unions over checkpoints, so NamespaceHistory gathers the same facts from it as from every row.
  const standIn = { ...STAND_IN, versions: {} as Record<string, number>, versionsSeen: {} as Record<string, Record<string, number>> };
  if (plainIds.length > 0) {
    for (const { kind, name } of db.all<{ kind: string; name: string }>(CHANNELS_SQL, threadId, namespace, JSON.stringify(plainIds))) {
      if (kind === "v") standIn.versions[name] = 0;
      else standIn.versionsSeen[name] = {};
    }
  }
  const where = (id: string) => `checkpoint "${id}" of thread "${threadId}" in "${db.file}"`;
  const writes = db
    .all<WriteRow>(WRITE_CHANNELS_SQL, threadId, namespace, threadId, namespace)
    .map((row): LoadedWrite => (row.channel === TASKS ? loadWrite(row, where(row.checkpoint_id)) : { checkpointId: "", taskId: "", idx: 0, channel: row.channel, type: null, value: null }));
  const facts = new NamespaceHistory(db.file, threadId, namespace, dialect, [standIn, ...decoded], writes);
  const ids = new Set(rows.map((row) => row.id));
  const children = new Map<string, string[]>();
  for (const row of rows) if (row.parentId !== null) children.set(row.parentId, [...(children.get(row.parentId) ?? []), row.id]);
  const writeCounts = new Map<string, number>();
  const outcomeIds = new Set<string>();
  const orphanIds: string[] = [];
  for (const { checkpoint_id: id, count, outcome } of db.all<{ checkpoint_id: string; count: number; outcome: number }>(WRITE_COUNTS_SQL, threadId, namespace)) {
    if (!ids.has(id)) {
      orphanIds.push(id);
      continue;
    }
    writeCounts.set(id, count);
    if (outcome) outcomeIds.add(id);
  }
  return {
    threadId,
    namespace,
    dialect,
    rows,
    children,
    nodes: facts.nodes,
    triggers: facts.triggers,
    deltas: deltaChannels(facts),
    orphanWrites: orphanIds.length === 0 ? [] : writesAgainst(db, threadId, namespace, orphanIds).map((row) => ({ checkpointId: row.checkpoint_id, taskId: row.task_id, idx: row.idx, channel: row.channel, type: row.type, value: null })),
    writeCounts,
    outcomeIds,
  };
}

/** The stand-in checkpoint's fixed fields (an id no real checkpoint has: it sorts before every uuid). */
const STAND_IN: LoadedCheckpoint = {
  id: "",
  parentId: null,
  threadId: "",
  namespace: "",
  type: null,
  readable: true,
  v: null,
  ts: null,
  createdAt: null,
  channelValues: {},
  versions: {},
  versionsSeen: {},
  pendingSends: null,
  metadata: {},
  step: 0,
  source: "input",
  problems: [],
  payload: { value: null },
  metadataPayload: { value: null },
};

function skeletonRow(checkpoint: LoadedCheckpoint): SkeletonRow {
  const row: SkeletonRow = { id: checkpoint.id, parentId: checkpoint.parentId, step: checkpoint.step, source: checkpoint.source, createdAt: checkpoint.createdAt };
  const runId = checkpoint.metadata.run_id;
  if (typeof runId === "string" && runId.length > 0) row.runId = runId;
  return row;
}
