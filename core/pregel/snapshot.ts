/**
 * A checkpoint as users read it: LangGraph's StateSnapshot shape, with our camelCase config.
 */
import type { CheckpointSource, CheckpointTuple, InterruptInfo, TaskError, TaskSpec } from "../checkpoint/types.ts";
import { taskStates, type TaskState } from "../checkpoint/task-state.ts";
import type { GraphSpec, State } from "../graph/types.ts";
import { stateView } from "./decide.ts";

export interface CheckpointConfig {
  threadId: string;
  checkpointId: string;
}

export interface SnapshotTask {
  id: string;
  name: string;
  /** For tasks created by Send: the argument the node receives. */
  arg?: unknown;
  /** The error of the task's latest failed attempt, when it has not succeeded since. */
  error?: TaskError;
  /** Interrupts raised by the task that no resume has answered yet. */
  interrupts: InterruptInfo[];
  /** What the task returned, when it finished but the step's checkpoint was not written yet. */
  result?: Record<string, unknown> | null;
}

export interface StateSnapshot<S extends object = State> {
  values: S;
  /** Nodes that run next (unique, in task order); empty when the run is done. */
  next: string[];
  config: CheckpointConfig;
  parentConfig: CheckpointConfig | null;
  /** LangGraph's checkpoint metadata; `run_id` names the invoke() or stream() that wrote it, when recorded. */
  metadata: { source: CheckpointSource; step: number; writes: Record<string, unknown> | null; run_id?: string };
  tasks: SnapshotTask[];
  /** Interrupts waiting for `invoke(new Command({ resume }))`, with the node that raised each. */
  interrupts: Array<InterruptInfo & { node: string }>;
  /** Set when the run stopped here at a breakpoint. */
  breakpoint: { when: "before" | "after"; nodes: string[] } | null;
  createdAt: string;
  graph: { name: string; hash: string } | null;
  durations: Record<string, number>;
}

/**
 * A history converts every checkpoint of a thread (W3b: 10,001 of them), so this avoids work per entry:
 * no task-state map without pending writes, no Set for a short task list, no interrupt list without one.
 */
export function toSnapshot<S extends object>(spec: GraphSpec, tuple: CheckpointTuple): StateSnapshot<S> {
  const { record } = tuple;
  const states = tuple.pendingWrites.length === 0 ? undefined : taskStates(tuple.pendingWrites);
  const tasks: SnapshotTask[] = [];
  const next: string[] = [];
  let interrupts: Array<InterruptInfo & { node: string }> = [];
  for (const task of record.tasks) {
    const entry = snapshotTask(task, states?.get(task.id));
    tasks.push(entry);
    if (!next.includes(task.node)) next.push(task.node);
    if (entry.interrupts.length > 0) interrupts = interrupts.concat(entry.interrupts.map((info) => ({ ...info, node: entry.name })));
  }
  return {
    values: stateView(spec, tuple.values) as S,
    next,
    config: { threadId: record.threadId, checkpointId: record.checkpointId },
    parentConfig: record.parentId === null ? null : { threadId: record.threadId, checkpointId: record.parentId },
    metadata: record.runId === undefined ? { source: record.source, step: record.step, writes: record.writes } : { source: record.source, step: record.step, writes: record.writes, run_id: record.runId },
    tasks,
    interrupts,
    breakpoint: record.breakpoint,
    createdAt: new Date(record.createdAt).toISOString(),
    graph: record.graph,
    durations: record.durations ?? {},
  };
}

/** A planned task as users read it; where it stands comes from taskStates, the one reading of pending writes. */
export function snapshotTask(task: TaskSpec, state: TaskState | undefined): SnapshotTask {
  const entry: SnapshotTask = { id: task.id, name: task.node, interrupts: state ? [...state.interrupts] : [] };
  if (task.send) entry.arg = task.send.arg;
  if (state?.result) entry.result = state.result.update;
  if (state?.error) entry.error = state.error;
  return entry;
}
