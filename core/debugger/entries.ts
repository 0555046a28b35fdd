/**
 * Chronograph's stored checkpoints in the contract's shapes: a thread summary as a ThreadRow, a record
 * as a timeline entry, a tuple as the inspector's full view. Pure mapping; what each task's pending
 * writes say (done, failed, waiting on an interrupt) is decided once, by core/checkpoint's taskStates().
 */
import type { CheckpointEntry, CheckpointVersions, CheckpointView, PendingWriteView, TaskView, ThreadRow } from "../api/types.ts";
import type { CheckpointRecord, CheckpointTuple, PendingWrite, ThreadSummary } from "../checkpoint/types.ts";
import { taskStates } from "../checkpoint/task-state.ts";
import { writersOf } from "../checkpoint/thread-status.ts";
import { RESERVED_PREFIX } from "../graph/constants.ts";
import { snapshotTask, type SnapshotTask } from "../pregel/snapshot.ts";

/** Chronograph files hold root-graph threads only: their namespace is always "". */
export function threadRowOf(summary: ThreadSummary): ThreadRow {
  return { ...summary, namespace: "" };
}

function tasksOf(record: CheckpointRecord, pendingWrites: readonly PendingWrite[]): SnapshotTask[] {
  const states = taskStates(pendingWrites);
  return record.tasks.map((task) => snapshotTask(task, states.get(task.id)));
}

/** A checkpoint's timeline entry: who wrote it, what runs next, failures and interrupts. */
export function entryOf(record: CheckpointRecord, pendingWrites: readonly PendingWrite[]): CheckpointEntry {
  return entryFromTasks(record, tasksOf(record, pendingWrites), pendingWrites);
}

function entryFromTasks(record: CheckpointRecord, tasks: readonly SnapshotTask[], pendingWrites: readonly PendingWrite[]): CheckpointEntry {
  const durations = Object.values(record.durations ?? {});
  const answered = [...new Set(pendingWrites.filter((write) => write.kind === "resume").map((write) => write.node))];
  const entry: CheckpointEntry = {
    checkpointId: record.checkpointId,
    parentId: record.parentId,
    step: record.step,
    source: record.source,
    writers: writersOf(record),
    next: [...new Set(record.tasks.map((task) => task.node))],
    createdAt: record.createdAt,
    durationMs: durations.length > 0 ? Math.max(...durations) : null,
    errors: [...new Set(tasks.filter((task) => task.error).map((task) => task.name))],
    interrupted: [...new Set(tasks.filter((task) => task.interrupts.length > 0).map((task) => task.name))],
    breakpoint: record.breakpoint,
  };
  if (answered.length > 0) entry.answered = answered;
  if (record.runId !== undefined) entry.runId = record.runId;
  return entry;
}

function taskView(task: SnapshotTask): TaskView {
  const view: TaskView = { id: task.id, name: task.name, interrupts: task.interrupts.map(({ id, value }) => ({ id, value })) };
  if (task.error) view.error = task.error;
  if (task.result !== undefined) view.result = task.result;
  return view;
}

function pendingWriteView(write: PendingWrite): PendingWriteView {
  return { taskId: write.taskId, node: write.node, kind: write.kind, value: write.value };
}

/** The state's own fields: engine-internal channels (names starting with "__") are left out. */
export function visibleValues(values: Record<string, unknown>): Record<string, unknown> {
  const visible: Record<string, unknown> = {};
  for (const [channel, value] of Object.entries(values)) if (!channel.startsWith(RESERVED_PREFIX)) visible[channel] = value;
  return visible;
}

/** One checkpoint in full, as the inspector shows it and `inspect --json` prints it. */
export function viewOf(tuple: CheckpointTuple): CheckpointView {
  const { record, pendingWrites } = tuple;
  const tasks = tasksOf(record, pendingWrites);
  return {
    ...entryFromTasks(record, tasks, pendingWrites),
    threadId: record.threadId,
    namespace: "",
    tasks: tasks.map(taskView),
    pendingWrites: pendingWrites.map(pendingWriteView),
    values: visibleValues(tuple.values),
    writes: record.writes,
  };
}

const JOIN = /^__join:.*->(.+)$/;

/** A record's channel bookkeeping: versions are the ids of the checkpoints that wrote them; no versions_seen is kept. */
export function versionsOf(record: CheckpointRecord): CheckpointVersions {
  const routes: Record<string, string> = {};
  for (const channel of Object.keys(record.versions)) {
    const target = JOIN.exec(channel)?.[1];
    if (target !== undefined) routes[channel] = target;
  }
  return {
    checkpointId: record.checkpointId,
    parentId: record.parentId,
    step: record.step,
    writers: Object.keys(record.writes ?? {}).sort(),
    writes: record.writes,
    versions: { ...record.versions },
    versionsSeen: null,
    routes,
    sends: record.tasks.filter((task) => task.send !== undefined).map((task) => ({ taskId: task.id, node: task.node })),
  };
}
