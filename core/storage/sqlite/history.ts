/**
 * Reading checkpoints back as tuples. One checkpoint walks only its own chains with point lookups and
 * returns fresh objects. A history read gets every version it needs from the listed rows themselves
 * (versions outside the list by point lookups, or all at once when there are many), builds each
 * version once, and shares unchanged values between tuples.
 */
import { ChronographError } from "../../api/errors.ts";
import type { CheckpointTuple, ListOptions } from "../../checkpoint/types.ts";
import { isTooLarge, jsonOverBudget, parseJsonWithin, tooLarge, type ValueBudget } from "../../checkpoint/value-budget.ts";
import { Materializer } from "./materialize.ts";
import { type CheckpointRow, pendingWriteFromRow, recordFromDamagedRow, recordFromRow, type WriteRow } from "./rows.ts";
import { AFTER_EVERY_ID, type Statements, type VersionRow } from "./statements.ts";
import type { LargeLookup, VersionLookup, VersionSource } from "./stored-blob.ts";

/** Past this many checkpoints (or versions missing from them) a history read loads the thread at once. */
const BULK_FROM = 32;

/**
 * Versions found by id: first among `rows`, else with one query each. With `bulkAfter`, the lookup
 * that misses that many times loads every checkpoint of the thread at once instead: a page of a long
 * history may need thousands of older versions, and one query for all is cheaper than many.
 */
export function versionLookup(statements: Statements, threadId: string, rows: Iterable<CheckpointRow> = [], bulkAfter = Number.POSITIVE_INFINITY): VersionLookup {
  // The listed rows are kept as they are (no copy per row): a long history holds thousands.
  const listed = new Map<string, CheckpointRow>();
  for (const row of rows) listed.set(row[0], row);
  const more = new Map<string, VersionRow>();
  let misses = 0;
  return (version) => {
    const own = listed.get(version);
    if (own !== undefined) return { parentId: own[1], channels: JSON.parse(own[12]) as VersionSource["channels"], writes: own[7] };
    let row = more.get(version);
    if (row === undefined && ++misses === bulkAfter) {
      for (const stored of statements.threadVersions.iterate(threadId)) if (!listed.has(stored[0])) more.set(stored[0], stored);
      row = more.get(version);
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

/**
 * How a debugger read treats a damaged file: instead of failing the whole read, each bad column, value
 * or pending write becomes a warning on its checkpoint (naming file, thread, checkpoint and column) and
 * an empty value or placeholder; each value is decoded within `budget`.
 */
export interface Tolerance {
  file: string;
  budget: ValueBudget;
}

/** A tuple, and (when read with a Tolerance) the problems met while reading it. */
export interface WarnedTuple extends CheckpointTuple {
  warnings?: string[];
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Reads tuples strictly (the engine's reads: any damage throws) or with a Tolerance (the debugger's). */
class TupleReader {
  constructor(
    private readonly statements: Statements,
    private readonly threadId: string,
    private readonly tolerance: Tolerance | undefined,
  ) {}

  materializer(lookup: VersionLookup, shared: boolean): Materializer {
    const parse = this.tolerance ? (text: string) => parseJsonWithin(text, this.tolerance!.budget) : JSON.parse;
    return new Materializer(this.threadId, lookup, largeLookup(this.statements, this.threadId), shared, parse, this.tolerance?.budget.bytes);
  }

  tuple(row: CheckpointRow, materializer: Materializer | undefined, writeRows: WriteRow[]): WarnedTuple {
    const warnings: string[] = [];
    const tolerance = this.tolerance;
    if (!tolerance) {
      const record = recordFromRow(this.threadId, row);
      const pendingWrites = writeRows.length === 0 ? [] : writeRows.map(pendingWriteFromRow);
      return { record, values: materializer ? this.values(materializer, record.versions, warnings) : {}, pendingWrites };
    }
    const where = `checkpoint "${String(row[0])}" of thread "${this.threadId}" in "${tolerance.file}"`;
    const warn = (column: string, problem: string) => warnings.push(`Column "${column}" of ${where} ${problem}.`);
    const record = recordFromDamagedRow(this.threadId, row, warn, (text) => parseJsonWithin(text, tolerance.budget));
    const values = materializer ? this.values(materializer, record.versions, warnings, where) : {};
    const pendingWrites: CheckpointTuple["pendingWrites"] = [];
    for (const write of writeRows) {
      try {
        const value = parseJsonWithin(write.value, tolerance.budget);
        pendingWrites.push({ taskId: write.task_id, node: write.node, kind: write.kind, value } as CheckpointTuple["pendingWrites"][number]);
      } catch (error) {
        warnings.push(`The pending write of task "${write.task_id}" (node "${write.node}") against ${where} is left out: its value is not valid JSON (${reasonOf(error)}).`);
      }
    }
    return { record, values, pendingWrites, warnings };
  }

  private values(materializer: Materializer, versions: Record<string, string>, warnings: string[], where?: string): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    for (const channel in versions) {
      const version = versions[channel]!;
      if (where === undefined || !this.tolerance) {
        const value = materializer.value(channel, version);
        if (value !== undefined) values[channel] = value;
        continue;
      }
      try {
        const value = materializer.value(channel, version);
        if (value === undefined) continue;
        if (isTooLarge(value)) {
          values[channel] = value;
          warnings.push(`The value of channel "${channel}" at ${where} is not shown: it is ${value.reason} (${value.bytes} bytes stored).`);
          continue;
        }
        const over = jsonOverBudget(value, this.tolerance.budget);
        values[channel] = over === null ? value : tooLarge(-1, over.items, over.reason);
        if (over !== null) warnings.push(`The value of channel "${channel}" at ${where} is not shown: it has ${over.reason}.`);
      } catch (error) {
        values[channel] = { $unreadable: reasonOf(error), type: "json", bytes: 0 };
        warnings.push(`The value of channel "${channel}" at ${where} cannot be read: ${reasonOf(error)}`);
      }
    }
    return values;
  }
}

/** The tuple of one checkpoint row, with fresh values the caller may change. */
export function readTuple(statements: Statements, threadId: string, row: CheckpointRow, tolerance?: Tolerance): WarnedTuple {
  const reader = new TupleReader(statements, threadId, tolerance);
  const materializer = reader.materializer(versionLookup(statements, threadId, [row]), false);
  return reader.tuple(row, materializer, statements.writes.all(threadId, String(row[0])));
}

/**
 * The thread's checkpoints newest first (by their time-ordered ids), filtered and limited as `options` say.
 * With values, tuples share (deeply frozen) value objects: a channel that did not change between two
 * checkpoints is the same object in both.
 */
export function readList(statements: Statements, threadId: string, options: ListOptions, tolerance?: Tolerance): WarnedTuple[] {
  if (options.before !== undefined && statements.exists.get(threadId, options.before) === undefined) return [];
  const before = options.before ?? AFTER_EVERY_ID;
  const rows = statements.list.all({
    thread: threadId,
    before,
    source: options.filter?.source ?? null,
    step: options.filter?.step ?? null,
    limit: options.limit === undefined ? -1 : Math.max(0, Math.floor(options.limit)),
  });
  const pending = rows.length > BULK_FROM ? writesByCheckpoint(statements, threadId) : undefined;
  const reader = new TupleReader(statements, threadId, tolerance);
  const materializer = options.withValues === false ? undefined : reader.materializer(versionLookup(statements, threadId, rows, BULK_FROM), true);
  return rows.map((row) => {
    const id = String(row[0]);
    return reader.tuple(row, materializer, pending ? (pending.get(id) ?? []) : statements.writes.all(threadId, id));
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
