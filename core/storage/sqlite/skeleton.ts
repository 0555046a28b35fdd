/**
 * Light reads of one thread's history for the debugger's timeline, on a read-only connection of their own:
 * - `skeleton`: every checkpoint with only what ordering and run marks need (ids, parent, step, source,
 *   time, tasks, breakpoint, run id, and the kinds of its pending writes). The columns holding values
 *   (versions, writes, channels) are not read, nor the values of `update` writes.
 * - `byIds`: the named checkpoints in full (without channel values), for the rows a window shows.
 * Rows are read tolerantly: a damaged column is reported and left out, as history.ts does.
 */
import type Database from "better-sqlite3";
import type { TimelineSkeletonRow } from "../../api/history-source.ts";
import type { CheckpointSource } from "../../checkpoint/types.ts";
import type { CheckpointTuple } from "../../checkpoint/types.ts";
import { parseJsonWithin } from "../../checkpoint/value-budget.ts";
import type { Tolerance, WarnedTuple } from "./history.ts";
import { LazyReadConnection } from "./lazy-read.ts";
import { CHECKPOINT_COLUMNS, type CheckpointRow, recordFromDamagedRow, RUN_KEY, type WriteRow } from "./rows.ts";

/** CHECKPOINT_COLUMNS with versions, writes and channels replaced by empty values. */
const LIGHT_COLUMNS = "checkpoint_id, parent_id, step, source, created_at, '{}', tasks, NULL, interrupt, graph_name, graph_hash, durations, '{}'";
/** An update write's value says nothing the timeline needs (only that the task finished). */
const LIGHT_WRITE_VALUE = "CASE WHEN kind = 'update' THEN 'null' ELSE value END AS value";
const IDS = "checkpoint_id IN (SELECT value FROM json_each(?))";

/** A skeleton read: most rows decided here directly, the rest as tuples for the caller's entry mapping. */
export type SkeletonItem = { row: TimelineSkeletonRow } | { tuple: WarnedTuple };

type Keyed<T> = T & { checkpoint_id: string };

export class SkeletonReader {
  private readonly connection: LazyReadConnection<ReturnType<typeof prepare>>;

  constructor(
    private readonly tolerance: Tolerance,
    busyTimeoutMs: number,
  ) {
    this.connection = new LazyReadConnection(tolerance.file, busyTimeoutMs, prepare);
  }

  /**
   * Every checkpoint of the thread, newest first, without values or the fields that hold them. A plain
   * row (no pending writes, no breakpoint, its tasks by name, sound columns) is decided here; any other
   * is a tuple read as history.ts would, for the caller to map as it maps every entry.
   */
  skeleton(threadId: string): SkeletonItem[] {
    return this.read((s) => {
      const rows = s.lightRows.all(threadId);
      const writes = s.lightWrites.all(threadId);
      const written = new Set(writes.map((write) => write.checkpoint_id));
      const slow = new Map<string, WarnedTuple>();
      const items: Array<SkeletonItem | null> = rows.map((row) => {
        const plain = written.has(String(row[0])) ? null : plainRow(row);
        return plain && { row: plain };
      });
      const rest = rows.filter((_, index) => items[index] === null);
      const tuples = this.tuples(threadId, rest, writes);
      tuples.forEach((tuple) => slow.set(tuple.record.checkpointId, tuple));
      return items.map((item, index) => item ?? { tuple: slow.get(String(rows[index]![0]))! });
    });
  }

  /** The named checkpoints of the thread (those that exist), newest first, without channel values. */
  byIds(threadId: string, ids: readonly string[]): WarnedTuple[] {
    if (ids.length === 0) return [];
    const json = JSON.stringify(ids);
    return this.read((s) => this.tuples(threadId, s.rowsByIds.all(threadId, json), s.writesByIds.all(threadId, json)));
  }

  close(): void {
    this.connection.close();
  }

  private read<T>(work: (statements: ReturnType<typeof prepare>) => T): T {
    return this.connection.inTransaction(work);
  }

  private tuples(threadId: string, rows: CheckpointRow[], writes: Array<Keyed<WriteRow>>): WarnedTuple[] {
    const byCheckpoint = new Map<string, Array<Keyed<WriteRow>>>();
    for (const write of writes) {
      const list = byCheckpoint.get(write.checkpoint_id);
      if (list) list.push(write);
      else byCheckpoint.set(write.checkpoint_id, [write]);
    }
    const { file, budget } = this.tolerance;
    const parse = (text: string) => parseJsonWithin(text, budget);
    return rows.map((row) => {
      const warnings: string[] = [];
      const where = `checkpoint "${String(row[0])}" of thread "${threadId}" in "${file}"`;
      const record = recordFromDamagedRow(threadId, row, (column, problem) => warnings.push(`Column "${column}" of ${where} ${problem}.`), parse);
      const pendingWrites: CheckpointTuple["pendingWrites"] = [];
      for (const write of byCheckpoint.get(record.checkpointId) ?? []) {
        try {
          pendingWrites.push({ taskId: write.task_id, node: write.node, kind: write.kind, value: parse(write.value) } as CheckpointTuple["pendingWrites"][number]);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          warnings.push(`The pending write of task "${write.task_id}" (node "${write.node}") against ${where} is left out: its value is not valid JSON (${reason}).`);
        }
      }
      return { record, values: {}, pendingWrites, ...(warnings.length > 0 ? { warnings } : {}) };
    });
  }
}

const isFiniteNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

/**
 * The skeleton of a row with no pending writes, or null when it needs the tolerant reading (a breakpoint,
 * tasks with ids or sends, a column that is damaged or not in the usual shape). What it gives equals the
 * entry core/debugger/entries.ts makes of the record: next is the tasks' nodes, nothing failed or waits.
 */
function plainRow(row: CheckpointRow): TimelineSkeletonRow | null {
  const [checkpointId, parentId, step, source, createdAt, , tasksText, , interrupt, , , durations] = row;
  if (interrupt !== null || !isFiniteNumber(step) || !isFiniteNumber(createdAt) || Math.abs(createdAt) > 8.64e15) return null;
  if (typeof checkpointId !== "string" || (parentId !== null && typeof parentId !== "string") || typeof source !== "string") return null;
  let tasks: unknown;
  let facts: unknown = null;
  try {
    tasks = JSON.parse(tasksText);
    if (durations !== null) facts = JSON.parse(durations);
  } catch {
    return null;
  }
  if (!Array.isArray(tasks) || !tasks.every((task) => typeof task === "string")) return null;
  let runId: string | undefined;
  if (facts !== null) {
    if (typeof facts !== "object" || Array.isArray(facts)) return null;
    for (const [key, value] of Object.entries(facts as Record<string, unknown>)) {
      if (key === RUN_KEY ? typeof value !== "string" : typeof value !== "number") return null;
      if (key === RUN_KEY) runId = value as string;
    }
  }
  const entry: TimelineSkeletonRow = { checkpointId, parentId, step, source: source as CheckpointSource, createdAt, next: [...new Set(tasks as string[])], errors: [], interrupted: [], breakpoint: null };
  if (runId !== undefined) entry.runId = runId;
  return entry;
}

function prepare(db: Database.Database) {
  return {
    lightRows: db.prepare<[string], CheckpointRow>(`SELECT ${LIGHT_COLUMNS} FROM checkpoints WHERE thread_id = ? ORDER BY checkpoint_id DESC`).raw(),
    lightWrites: db.prepare<[string], Keyed<WriteRow>>(`SELECT checkpoint_id, task_id, node, kind, ${LIGHT_WRITE_VALUE} FROM writes WHERE thread_id = ? ORDER BY checkpoint_id, seq`),
    rowsByIds: db.prepare<[string, string], CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM checkpoints WHERE thread_id = ? AND ${IDS} ORDER BY checkpoint_id DESC`).raw(),
    writesByIds: db.prepare<[string, string], Keyed<WriteRow>>(`SELECT checkpoint_id, task_id, node, kind, value FROM writes WHERE thread_id = ? AND ${IDS} ORDER BY checkpoint_id, seq`),
  };
}
