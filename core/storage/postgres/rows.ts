/**
 * How a checkpoint record maps to a PostgreSQL row and back. The fields every query filters or orders
 * by get columns; the rest of the record travels as one JSON text column, `meta`, so the store keeps
 * whatever fields the engine's record has without naming them.
 */
import { toJson } from "../../checkpoint/serde.ts";
import type { CheckpointRecord, CheckpointSource, PendingWrite } from "../../checkpoint/types.ts";
import { pendingWriteFromRow } from "../sqlite/rows.ts";
import { writesColumn, writesText } from "./compress.ts";

/** The columns a checkpoint read selects, in CheckpointRow order, for a table aliased `c` (`compressed` false for a version-1 schema). */
export function checkpointColumns(compressed = true): string {
  return `c.checkpoint_id, c.parent_id, c.step, c.source, c.created_at, c.meta, ${writesColumn("c", compressed)}, c.channels`;
}

export const CHECKPOINT_COLUMNS = checkpointColumns();

/** The checkpoint's pending writes as one JSON list of [task, node, kind, value JSON], in saved order. */
export function pendingColumn(schema: string): string {
  return `(SELECT coalesce(json_agg(json_build_array(w.task_id, w.node, w.kind, w.value) ORDER BY w.seq), '[]') FROM ${schema}.writes w
    WHERE w.thread_id = c.thread_id AND w.checkpoint_id = c.checkpoint_id) AS pending`;
}

export type CheckpointRow = [
  checkpointId: string,
  parentId: string | null,
  step: number,
  source: string,
  createdAt: number,
  meta: string,
  writes: string | null,
  channels: string,
  pending: Array<[string, string, string, string]>,
];

/** The JSON text of the record's writes and of its other fields. Throws UNSERIALIZABLE_VALUE naming the thread. */
export function recordJson(record: CheckpointRecord): { meta: string; writes: string | null } {
  const { threadId, checkpointId, parentId: _parent, step: _step, source: _source, createdAt: _created, writes, ...meta } = record;
  const origin = { channel: "(checkpoint record)", threadId };
  // A channel this checkpoint wrote names the checkpoint itself: stored as 0, not a second copy of the id.
  const versions: Record<string, string | 0> = {};
  for (const [channel, version] of Object.entries(record.versions)) versions[channel] = version === checkpointId ? 0 : version;
  return { meta: toJson({ ...meta, versions }, origin), writes: writes === null ? null : toJson(writes, origin) };
}

/** A fresh record from its row. */
export function recordFromRow(threadId: string, row: CheckpointRow): CheckpointRecord {
  const [checkpointId, parentId, step, source, createdAt, meta, stored] = row;
  const writes = writesText(stored);
  const parsed = JSON.parse(meta) as Omit<CheckpointRecord, "threadId" | "checkpointId" | "parentId" | "step" | "source" | "createdAt" | "writes"> & { interrupt?: CheckpointRecord["breakpoint"] };
  // Rows written before the breakpoint had its own name keep it under "interrupt".
  const { interrupt: legacyBreakpoint, ...rest } = parsed;
  rest.breakpoint ??= legacyBreakpoint ?? null;
  const versions = rest.versions as Record<string, string | 0>;
  for (const channel in versions) if (versions[channel] === 0) versions[channel] = checkpointId;
  return { threadId, checkpointId, parentId, step, source: source as CheckpointSource, createdAt, ...rest, writes: writes === null ? null : (JSON.parse(writes) as Record<string, unknown>) };
}

/** Fresh pending writes from the `pending` column. */
export function pendingFromRow(row: CheckpointRow): PendingWrite[] {
  return row[8].map(([task_id, node, kind, value]) => pendingWriteFromRow({ task_id, node, kind, value }));
}
