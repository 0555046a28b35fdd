/** How table rows read back as checkpoint records and pending writes (the values a put writes: put-values.ts). */
import { threadStatus, writersColumn, writersOf } from "../../checkpoint/thread-status.ts";
import { isTooLarge } from "../../checkpoint/value-budget.ts";
import type { CheckpointRecord, CheckpointSource, PendingWrite, TaskSpec } from "../../checkpoint/types.ts";

/**
 * The columns every checkpoint read selects, in CheckpointRow order. Rows are read raw (as arrays):
 * better-sqlite3 builds arrays about twice as fast as objects, which shows in a 10,000-row history.
 */
export const CHECKPOINT_COLUMNS = "checkpoint_id, parent_id, step, source, created_at, versions, tasks, writes, interrupt, graph_name, graph_hash, durations, channels";

export type CheckpointRow = [
  checkpointId: string,
  parentId: string | null,
  step: number,
  source: string,
  createdAt: number,
  versions: string,
  tasks: string,
  writes: string | null,
  interrupt: string | null,
  graphName: string | null,
  graphHash: string | null,
  durations: string | null,
  /** The channel versions this checkpoint wrote: channel -> StoredBlob, as JSON. */
  channels: string,
];

/** A row of the writes table, without its keys. */
export interface WriteRow {
  task_id: string;
  node: string;
  kind: string;
  value: string;
}

function versionsFromJson(json: string, checkpointId: string): Record<string, string> {
  const versions = JSON.parse(json) as Record<string, string | 0>;
  for (const channel in versions) if (versions[channel] === 0) versions[channel] = checkpointId;
  return versions as Record<string, string>;
}

/** Tasks from the tasks column, either form. */
export function tasksFromJson(json: string): TaskSpec[] {
  const tasks = JSON.parse(json) as Array<TaskSpec | string>;
  return tasks.map((task) => (typeof task === "string" ? { id: task, node: task } : task));
}

/**
 * The durations column holds the step's facts about its run: each task's duration by task id and, under
 * RUN_KEY, the run that wrote the checkpoint. The run id has no column of its own so that files keep
 * their schema version; the reserved prefix keeps the key apart from task ids (node names never start
 * with "__").
 */
export const RUN_KEY = "__run_id__";

/** Sets `durations` and `runId` from the parsed column (an empty duration map reads as none). */
function setDurations(record: CheckpointRecord, column: Record<string, unknown>): void {
  if (!(RUN_KEY in column)) {
    record.durations = column as Record<string, number>;
    return;
  }
  // A loop, not a rest pattern: this runs for every row of a history read.
  let durations: Record<string, number> | undefined;
  for (const key in column) if (key !== RUN_KEY) (durations ??= {})[key] = column[key] as number;
  const runId = column[RUN_KEY];
  if (typeof runId === "string") record.runId = runId;
  if (durations !== undefined) record.durations = durations;
}

/** A fresh record from its row; every call returns new objects. */
export function recordFromRow(threadId: string, row: CheckpointRow): CheckpointRecord {
  const [checkpointId, parentId, step, source, createdAt, versions, tasks, writes, interrupt, graphName, graphHash, durations] = row;
  const record: CheckpointRecord = {
    threadId,
    checkpointId,
    parentId,
    step,
    source: source as CheckpointSource,
    createdAt,
    versions: versionsFromJson(versions, checkpointId),
    tasks: tasksFromJson(tasks),
    writes: writes === null ? null : (JSON.parse(writes) as Record<string, unknown>),
    breakpoint: interrupt === null ? null : (JSON.parse(interrupt) as CheckpointRecord["breakpoint"]),
    graph: graphName === null ? null : { name: graphName, hash: graphHash ?? "" },
  };
  if (durations !== null) setDurations(record, JSON.parse(durations) as Record<string, unknown>);
  return record;
}

/** A fresh pending write from its row. */
export function pendingWriteFromRow(row: WriteRow): PendingWrite {
  return { taskId: row.task_id, node: row.node, kind: row.kind, value: JSON.parse(row.value) } as PendingWrite;
}

/** What a thread's summary row takes from a new head that has no pending writes yet: graph name, status, last node, step, time. */
export function headSummary(head: CheckpointRecord): { graph: string | null; status: string; lastNode: string | null; step: number; time: number } {
  return { graph: head.graph?.name ?? null, status: threadStatus(head, []), lastNode: writersColumn(writersOf(head)), step: head.step, time: head.createdAt };
}

/** The thread status a stored head reads as: its tasks and breakpoint columns (JSON) and its pending writes' rows, in order. */
export function storedHeadStatus(head: { tasks: string; interrupt: string | null }, writes: readonly WriteRow[]): string {
  const breakpoint = head.interrupt === null ? null : (JSON.parse(head.interrupt) as CheckpointRecord["breakpoint"]);
  return threadStatus({ tasks: tasksFromJson(head.tasks), breakpoint }, writes.map(pendingWriteFromRow));
}

/** Reports one problem with one column of the row being read. */
export type ColumnWarn = (column: string, problem: string) => void;

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/** Parse one JSON column, or report why not and use `fallback`. `valid` checks the parsed shape. */
function column<T>(name: string, text: string | null, fallback: T, valid: (value: unknown) => boolean, warn: ColumnWarn, parse: (text: string) => unknown): T {
  if (text === null) return fallback;
  try {
    const value = parse(text);
    if (isTooLarge(value)) warn(name, `is over the reading budget (${value.reason}, ${value.bytes} bytes); it is shown as a placeholder`);
    if (valid(value)) return value as T;
    warn(name, "does not hold the expected shape; it is left out");
  } catch (error) {
    warn(name, `is not valid JSON (${error instanceof Error ? error.message : String(error)}); it is left out`);
  }
  return fallback;
}

/**
 * A record from a row that may be damaged: each bad column is reported through `warn` and replaced by an
 * empty value, so one bad row costs its own fields, not the whole history. `parse` applies the reading
 * budget to the record's JSON (writes may hold large values).
 */
export function recordFromDamagedRow(threadId: string, row: CheckpointRow, warn: ColumnWarn, parse: (text: string) => unknown): CheckpointRecord {
  const [checkpointId, parentId, step, source, createdAt, versions, tasks, writes, interrupt, graphName, graphHash, durations] = row;
  const versionMap = column<Record<string, string | 0>>("versions", versions, {}, (value) => isRecord(value) && Object.values(value).every((v) => typeof v === "string" || v === 0), warn, JSON.parse);
  for (const channel in versionMap) if (versionMap[channel] === 0) versionMap[channel] = checkpointId;
  const taskList = column<Array<TaskSpec | string>>("tasks", tasks, [], (value) => Array.isArray(value) && value.every((t) => typeof t === "string" || (isRecord(t) && typeof t.node === "string" && typeof t.id === "string")), warn, parse);
  let time = createdAt;
  if (typeof createdAt !== "number" || !Number.isFinite(createdAt) || Math.abs(createdAt) > 8.64e15) {
    warn("created_at", `holds ${JSON.stringify(String(createdAt).slice(0, 40))}, which is not a time; it is shown as 0`);
    time = 0;
  }
  let stepNumber = step;
  if (typeof step !== "number" || !Number.isFinite(step)) {
    warn("step", `holds ${JSON.stringify(String(step).slice(0, 40))}, which is not a step number; it is shown as -1`);
    stepNumber = -1;
  }
  const record: CheckpointRecord = {
    threadId,
    checkpointId: String(checkpointId),
    parentId: parentId === null ? null : String(parentId),
    step: stepNumber,
    source: String(source) as CheckpointSource,
    createdAt: time,
    versions: versionMap as Record<string, string>,
    tasks: taskList.map((task) => (typeof task === "string" ? { id: task, node: task } : task)),
    writes: column("writes", writes, null, isRecord, warn, parse),
    breakpoint: column("interrupt", interrupt, null, (value) => isRecord(value) && Array.isArray(value.nodes) && value.nodes.every((n) => typeof n === "string"), warn, parse),
    graph: graphName === null ? null : { name: String(graphName), hash: graphHash === null ? "" : String(graphHash) },
  };
  const validDurations = (value: unknown) => isRecord(value) && Object.entries(value).every(([key, v]) => (key === RUN_KEY ? typeof v === "string" : typeof v === "number"));
  const durationMap = column<Record<string, unknown> | null>("durations", durations, null, validDurations, warn, JSON.parse);
  if (durationMap !== null) setDurations(record, durationMap);
  return record;
}
