/**
 * Light reads of one thread's history for the debugger's timeline, on a read-only connection of their own:
 * - `skeleton`: every checkpoint with only what ordering and run marks need (ids, parent, step, source,
 *   time, tasks, breakpoint, run id, and the kinds of its pending writes). The columns holding values
 *   (versions, writes, channels) are not read, nor the values of `update` writes.
 * - `byIds`: the named checkpoints in full (without channel values), for the rows a window shows.
 * Rows are read tolerantly: a damaged column is reported and left out, as history.ts does.
 */
import type Database from "better-sqlite3";
import type { CheckpointTuple } from "../../checkpoint/types.ts";
import { parseJsonWithin } from "../../checkpoint/value-budget.ts";
import { guarded, sqliteError } from "./errors.ts";
import type { Tolerance, WarnedTuple } from "./history.ts";
import { openReadOnlyFile } from "./read-only-open.ts";
import { CHECKPOINT_COLUMNS, type CheckpointRow, recordFromDamagedRow, type WriteRow } from "./rows.ts";

/** CHECKPOINT_COLUMNS with versions, writes and channels replaced by empty values. */
const LIGHT_COLUMNS = "checkpoint_id, parent_id, step, source, created_at, '{}', tasks, NULL, interrupt, graph_name, graph_hash, durations, '{}'";
/** An update write's value says nothing the timeline needs (only that the task finished). */
const LIGHT_WRITE_VALUE = "CASE WHEN kind = 'update' THEN 'null' ELSE value END AS value";
const IDS = "checkpoint_id IN (SELECT value FROM json_each(?))";

type Keyed<T> = T & { checkpoint_id: string };

export class SkeletonReader {
  private db: Database.Database | null = null;
  private statements: ReturnType<typeof prepare> | null = null;

  constructor(
    private readonly tolerance: Tolerance,
    private readonly busyTimeoutMs: number,
  ) {}

  /** Every checkpoint of the thread, newest first, without values or the fields that hold them. */
  skeleton(threadId: string): WarnedTuple[] {
    return this.read((s) => this.tuples(threadId, s.lightRows.all(threadId), s.lightWrites.all(threadId)));
  }

  /** The named checkpoints of the thread (those that exist), newest first, without channel values. */
  byIds(threadId: string, ids: readonly string[]): WarnedTuple[] {
    if (ids.length === 0) return [];
    const json = JSON.stringify(ids);
    return this.read((s) => this.tuples(threadId, s.rowsByIds.all(threadId, json), s.writesByIds.all(threadId, json)));
  }

  close(): void {
    if (this.db?.open) this.db.close();
  }

  private read<T>(work: (statements: ReturnType<typeof prepare>) => T): T {
    const file = this.tolerance.file;
    if (!this.db) {
      try {
        this.db = openReadOnlyFile(file, this.busyTimeoutMs);
      } catch (error) {
        throw sqliteError(error, file);
      }
      this.statements = guarded(file, () => prepare(this.db!));
    }
    const statements = this.statements!;
    return guarded(file, () => this.db!.transaction(() => work(statements)).deferred());
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

function prepare(db: Database.Database) {
  return {
    lightRows: db.prepare<[string], CheckpointRow>(`SELECT ${LIGHT_COLUMNS} FROM checkpoints WHERE thread_id = ? ORDER BY checkpoint_id DESC`).raw(),
    lightWrites: db.prepare<[string], Keyed<WriteRow>>(`SELECT checkpoint_id, task_id, node, kind, ${LIGHT_WRITE_VALUE} FROM writes WHERE thread_id = ? ORDER BY checkpoint_id, seq`),
    rowsByIds: db.prepare<[string, string], CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM checkpoints WHERE thread_id = ? AND ${IDS} ORDER BY checkpoint_id DESC`).raw(),
    writesByIds: db.prepare<[string, string], Keyed<WriteRow>>(`SELECT checkpoint_id, task_id, node, kind, value FROM writes WHERE thread_id = ? AND ${IDS} ORDER BY checkpoint_id, seq`),
  };
}
