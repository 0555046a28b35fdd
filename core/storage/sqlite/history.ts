/**
 * Reading checkpoints back as tuples. One checkpoint walks only its own chains with point lookups and
 * returns fresh objects. A history read gets every version it needs from the listed rows themselves
 * (versions outside the list by point lookups, or all at once when there are many), builds each
 * version once, and shares unchanged values between tuples.
 */
import { ChronographError } from "../../api/errors.ts";
import type { CheckpointTuple, ListOptions } from "../../checkpoint/types.ts";
import { Materializer } from "./materialize.ts";
import { type CheckpointRow, pendingWriteFromRow, recordFromRow, type WriteRow } from "./rows.ts";
import type { Statements, VersionRow } from "./statements.ts";
import type { LargeLookup, VersionLookup, VersionSource } from "./stored-blob.ts";

/** Past this many checkpoints (or versions missing from them) a history read loads the thread at once. */
const BULK_FROM = 32;

/**
 * Versions found by id: first among `rows`, else with one query each. With `bulkAfter`, the lookup
 * that misses that many times loads every checkpoint of the thread at once instead: a page of a long
 * history may need thousands of older versions, and one query for all is cheaper than many.
 */
export function versionLookup(statements: Statements, threadId: string, rows: Iterable<CheckpointRow> = [], bulkAfter = Number.POSITIVE_INFINITY): VersionLookup {
  const byId = new Map<string, VersionRow>();
  for (const row of rows) byId.set(row[0], [row[0], row[1], row[12], row[7]]);
  let misses = 0;
  return (version) => {
    let row = byId.get(version);
    if (row === undefined && ++misses === bulkAfter) {
      for (const stored of statements.threadVersions.iterate(threadId)) byId.set(stored[0], stored);
      row = byId.get(version);
    }
    row ??= statements.version.get(threadId, version);
    return row && { parentId: row[1], channels: JSON.parse(row[2]) as VersionSource["channels"], writes: row[3] };
  };
}

/** Reads a row of the blobs table; a missing one is INTERNAL naming the thread. */
export function largeLookup(statements: Statements, threadId: string): LargeLookup {
  return (id) => {
    const data = statements.large.get(id);
    if (data === undefined) throw new ChronographError("INTERNAL", `A stored value of thread "${threadId}" is missing (large blob ${id}).`, { thread: threadId });
    return data;
  };
}

function valuesOf(materializer: Materializer, versions: Record<string, string>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [channel, version] of Object.entries(versions)) {
    const value = materializer.value(channel, version);
    if (value !== undefined) values[channel] = value;
  }
  return values;
}

/** The tuple of one checkpoint row, with fresh values the caller may change. */
export function readTuple(statements: Statements, threadId: string, row: CheckpointRow): CheckpointTuple {
  const record = recordFromRow(threadId, row);
  const materializer = new Materializer(record.threadId, versionLookup(statements, record.threadId, [row]), largeLookup(statements, record.threadId), false);
  const pendingWrites = statements.writes.all(record.threadId, record.checkpointId).map(pendingWriteFromRow);
  return { record, values: valuesOf(materializer, record.versions), pendingWrites };
}

/**
 * The thread's checkpoints newest first (by insertion order), filtered and limited as `options` say.
 * With values, tuples share (deeply frozen) value objects: a channel that did not change between two
 * checkpoints is the same object in both.
 */
export function readList(statements: Statements, threadId: string, options: ListOptions): CheckpointTuple[] {
  let before: number | null = null;
  if (options.before !== undefined) {
    const seq = statements.seqOf.get(threadId, options.before);
    if (seq === undefined) return [];
    before = seq;
  }
  const rows = statements.list.all({
    thread: threadId,
    before,
    source: options.filter?.source ?? null,
    step: options.filter?.step ?? null,
    limit: options.limit === undefined ? -1 : Math.max(0, Math.floor(options.limit)),
  });
  const pending = rows.length > BULK_FROM ? writesByCheckpoint(statements, threadId) : undefined;
  const materializer =
    options.withValues === false ? undefined : new Materializer(threadId, versionLookup(statements, threadId, rows, BULK_FROM), largeLookup(statements, threadId), true);
  return rows.map((row) => {
    const record = recordFromRow(threadId, row);
    const writes = pending ? (pending.get(record.checkpointId) ?? []) : statements.writes.all(threadId, record.checkpointId);
    return { record, values: materializer ? valuesOf(materializer, record.versions) : {}, pendingWrites: writes.map(pendingWriteFromRow) };
  });
}

function writesByCheckpoint(statements: Statements, threadId: string): Map<string, WriteRow[]> {
  const grouped = new Map<string, WriteRow[]>();
  for (const row of statements.threadWrites.iterate(threadId)) {
    let list = grouped.get(row.checkpoint_id);
    if (!list) grouped.set(row.checkpoint_id, (list = []));
    list.push(row);
  }
  return grouped;
}
