/**
 * The next checkpoint, decided but not stored: apply finished tasks to a base, plan what runs next,
 * check static breakpoints, and build the record with the channel values it changed. The loop stores
 * what this returns (writeStep); updateState and edits without the graph's code use applyUpdate.
 */
import { newCheckpointId } from "../checkpoint/ids.ts";
import type { ChannelBlob, CheckpointRecord, CheckpointSource, CheckpointTuple, TaskSpec } from "../checkpoint/types.ts";
import { END, START } from "../graph/constants.ts";
import type { GraphSpec } from "../graph/types.ts";
import { applyBarriers, applyWrites, hasBreakpoints, orderFinished, staticBreakpoint, type AppliedStep, type FinishedTask } from "./decide.ts";
import { planAfter, type NextStep } from "./plan.ts";

/** Where a step starts: a stored checkpoint, or `{ threadId }` alone for a new thread (no parent, step -1, empty channels). */
export type StepBase = Pick<CheckpointTuple, "record" | "values"> | { threadId: string };

export interface PlannedStep {
  /** The new checkpoint's record; its parent is the base's checkpoint. */
  record: CheckpointRecord;
  /** The channel values the record changed, as the store keeps them. */
  blobs: ChannelBlob[];
  /** Every channel's value after the step (hidden channels included). */
  values: Record<string, unknown>;
}

export interface StepInput {
  spec: GraphSpec;
  /** The graph the new checkpoint names. */
  graph: { name: string; hash: string };
  base: StepBase;
  source: CheckpointSource;
  finished: readonly FinishedTask[];
  /** The tasks the base planned, in order: the order the finished tasks' writes apply in. */
  plannedTasks: readonly TaskSpec[];
  /** Milliseconds each task took, by task id. */
  durations?: Record<string, number>;
  /** True when the finished tasks' goto alone says what runs next (an update with chosen next nodes). */
  chosenNext?: boolean;
}

/**
 * Decide the checkpoint that follows `base` once `finished` tasks are applied. Stores nothing. Throws the
 * coded errors of applying writes (UNKNOWN_CHANNEL, INVALID_UPDATE...) and of routers, naming the node.
 */
export async function planStep(input: StepInput): Promise<PlannedStep> {
  return decideStep(input);
}

/**
 * planStep without a promise when no router runs (the usual superstep): the loop then plans its checkpoint
 * in the same tick, without an async frame per superstep. Throws planStep's errors synchronously.
 */
export function decideStep(input: StepInput): PlannedStep | Promise<PlannedStep> {
  const { spec, base } = input;
  const parent = "record" in base ? base : null;
  const threadId = parent ? parent.record.threadId : (base as { threadId: string }).threadId;
  // One clock reading per step: the id's time and the record's createdAt agree.
  const now = Date.now();
  const checkpointId = newCheckpointId(now);
  const ordered = orderFinished(input.finished, input.plannedTasks);
  const applied = applyWrites(spec, { values: parent?.values ?? {}, versions: parent?.record.versions ?? {} }, ordered, checkpointId, threadId);
  const planned = planAfter(spec, applied.values, ordered, input.chosenNext !== true);
  // Awaited only when a router ran.
  if (planned instanceof Promise) return planned.then((next) => buildStep(input, parent, threadId, checkpointId, now, ordered, applied, next));
  return buildStep(input, parent, threadId, checkpointId, now, ordered, applied, planned);
}

function buildStep(
  input: StepInput,
  parent: Pick<CheckpointTuple, "record" | "values"> | null,
  threadId: string,
  checkpointId: string,
  now: number,
  ordered: readonly FinishedTask[],
  applied: AppliedStep,
  next: NextStep,
): PlannedStep {
  const { spec, source } = input;
  applyBarriers(applied, next.barriers, checkpointId);
  const record: CheckpointRecord = {
    threadId,
    checkpointId,
    parentId: parent ? parent.record.checkpointId : null,
    step: parent ? parent.record.step + 1 : -1,
    source,
    createdAt: now,
    versions: applied.versions,
    tasks: next.tasks,
    writes: applied.writes,
    breakpoint: source === "update" || !hasBreakpoints(spec) ? null : staticBreakpoint(spec, finishedNodes(ordered), next.tasks),
    graph: input.graph,
  };
  if (input.durations) record.durations = input.durations;
  return { record, blobs: applied.blobs, values: applied.values };
}

/** The nodes that ran in this step (the graph's input is no node). */
function finishedNodes(ordered: readonly FinishedTask[]): string[] {
  return ordered.map((entry) => entry.task.node).filter((node) => node !== START);
}

export interface UpdateInput {
  spec: GraphSpec;
  /** The graph the new checkpoint names. */
  graph: { name: string; hash: string };
  /** The checkpoint the update is written on. */
  base: Pick<CheckpointTuple, "record" | "values">;
  /** Channel values, as the node's return value would give them (null writes nothing). */
  values: Record<string, unknown> | null;
  /** The node the update is written as (START for the graph's input): its edges decide what runs next. */
  asNode: string;
  /**
   * The nodes that run next instead of `asNode`'s edges and routers (END or [] ends the run): the routing a
   * node returning Command({ goto }) writes, with the node's own edges left out.
   */
  goto?: readonly string[];
}

/**
 * The "update" checkpoint that writing `values` as node `asNode` on `base` makes (updateState): the
 * values go through the channels' reducers, and what runs next follows `asNode`'s edges. Stores nothing;
 * the caller puts `record` with `blobs`.
 */
export function applyUpdate(update: UpdateInput): Promise<PlannedStep> {
  const task = { id: update.asNode, node: update.asNode };
  return planStep({
    spec: update.spec,
    graph: update.graph,
    base: update.base,
    source: "update",
    finished: [{ task, result: { update: update.values, goto: (update.goto ?? []).filter((node) => node !== END) } }],
    plannedTasks: [task],
    chosenNext: update.goto !== undefined,
  });
}
