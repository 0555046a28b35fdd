/**
 * The run loop only sequences: start from a checkpoint (or write the input), then per superstep run the
 * tasks, apply their writes, persist one checkpoint, and stop at breakpoints and interrupts.
 * Deciding lives in decide.ts, running nodes in runner.ts, storage behind the Checkpointer.
 */
import { ChronographError } from "../api/errors.ts";
import { newCheckpointId } from "../checkpoint/ids.ts";
import { writesSynchronously } from "../checkpoint/sync-put.ts";
import { waitingTasks } from "../checkpoint/task-state.ts";
import type { Checkpointer, CheckpointRecord, CheckpointSource, CheckpointTuple, InterruptInfo, PendingWrite, TaskSpec, TaskUpdate } from "../checkpoint/types.ts";
import { isCommand, type Command } from "../graph/command.ts";
import { START } from "../graph/constants.ts";
import type { GraphSpec, State } from "../graph/types.ts";
import { stateView, type FinishedTask } from "./decide.ts";
import type { EventSink, StreamEvent } from "./events.ts";
import { describeError, runTasksEagerly, type TaskOutcome } from "./runner.ts";
import { blameWrites, failureWrites, NOTHING_SAVED, settledTasks, updateWrite } from "./settle.ts";
import { decideStep, type PlannedStep } from "./step.ts";

export interface RunConfig {
  threadId: string;
  /** Start from this checkpoint instead of the newest: a replay, and a new branch if it has children. */
  checkpointId?: string;
  /** Most supersteps this call may run. Default 25. */
  recursionLimit?: number;
  /** Stops the run: running nodes see it on ctx.signal, and no further superstep starts. */
  signal?: AbortSignal;
  /**
   * Names this run (LangGraph's `run_id`): every checkpoint the call writes records it. Default: a new
   * time-ordered id per invoke() or stream(), so a resume after a crash is told apart from the run it resumes.
   */
  runId?: string;
}

export interface RunContext {
  spec: GraphSpec;
  saver: Checkpointer | undefined;
  graph: { name: string; hash: string };
  /** Makes sure the topology is stored before the first checkpoint that names it. */
  ensureGraphSaved(): Promise<void>;
  /** The run every checkpoint written through this context records (set by executeRun). */
  runId?: string;
}

export interface RunOutcome {
  values: State;
  interrupts: Array<InterruptInfo & { node: string }>;
  checkpointId: string;
}

interface Position {
  record: CheckpointRecord;
  values: Record<string, unknown>;
  pendingWrites: PendingWrite[];
}

export const DEFAULT_RECURSION_LIMIT = 25;

export async function executeRun(shared: RunContext, input: unknown, config: RunConfig, emit: EventSink | null): Promise<RunOutcome> {
  const threadId = validThreadId(config.threadId);
  const ctx: RunContext = { ...shared, runId: config.runId === undefined ? newCheckpointId() : validRunId(config.runId) };
  if (ctx.saver) await ctx.ensureGraphSaved();
  if (!ctx.saver?.settle) return runSteps(ctx, threadId, input, config, emit);
  let outcome: RunOutcome;
  try {
    outcome = await runSteps(ctx, threadId, input, config, emit);
  } catch (error) {
    // The run's own error is what the caller needs; the summary is exact for readers even unsettled.
    await ctx.saver.settle(threadId).catch(() => undefined);
    throw error;
  }
  await ctx.saver.settle(threadId);
  return outcome;
}

/** The run itself: from its starting point, superstep by superstep, until it finishes or stops. */
async function runSteps(ctx: RunContext, threadId: string, input: unknown, config: RunConfig, emit: EventSink | null): Promise<RunOutcome> {
  // No AbortController unless the caller gave a signal: a run nobody can stop needs none (runner.ts gives nodes one when they ask).
  const signal = config.signal;
  const limit = config.recursionLimit ?? DEFAULT_RECURSION_LIMIT;
  const start = await startingPoint(ctx, threadId, input, config, emit);
  let position = start.position;
  // An input that lands on a breakpoint stops at once; a run resumed from a breakpoint goes on.
  const stopAtOnce = start.written && position.record.breakpoint !== null;
  for (let stepsRun = 0; position.record.tasks.length > 0 && !stopAtOnce; stepsRun += 1) {
    if (emit?.drain) await emit.drain();
    if (signal?.aborted) throw new ChronographError("RUN_ABORTED", `The run of thread "${threadId}" was stopped at step ${position.record.step + 1}.`, { thread: threadId });
    if (stepsRun >= limit) {
      throw new ChronographError(
        "RECURSION_LIMIT",
        `Thread "${threadId}" reached the recursion limit of ${limit} supersteps without finishing (next: ${position.record.tasks.map((task) => task.node).join(", ")}). Raise recursionLimit if the graph really needs more steps.`,
        { thread: threadId },
      );
    }
    const stepped = superstep(ctx, position, signal, emit);
    const outcome = stepped instanceof Promise ? await stepped : stepped;
    if (outcome instanceof Stopped) return outcome.outcome;
    position = outcome;
    if (position.record.breakpoint) break;
  }
  return { values: stateView(ctx.spec, position.values), interrupts: [], checkpointId: position.record.checkpointId };
}

/** Where the run starts, and whether this call wrote that checkpoint (an input or a fork). */
async function startingPoint(ctx: RunContext, threadId: string, input: unknown, config: RunConfig, emit: EventSink | null): Promise<{ position: Position; written: boolean }> {
  const loaded = ctx.saver ? await ctx.saver.getTuple(threadId, config.checkpointId) : undefined;
  if (config.checkpointId !== undefined && !loaded) {
    const where = ctx.saver ? "" : " (the graph has no checkpointer)";
    throw new ChronographError("CHECKPOINT_NOT_FOUND", `Checkpoint "${config.checkpointId}" does not exist in thread "${threadId}"${where}.`, {
      thread: threadId,
      checkpoint: config.checkpointId,
    });
  }

  if (isCommand(input)) {
    if (!input.hasResume) throw new ChronographError("INVALID_ARGUMENT", "A Command given to invoke() must carry `resume`; to change the state use updateState().");
    if (!loaded) throw nothingToResume(threadId, "it has no checkpoints");
    const resumes = await saveResume(ctx, loaded, input);
    return { position: { ...loaded, pendingWrites: [...loaded.pendingWrites, ...resumes] }, written: false };
  }

  if (input !== null && input !== undefined) {
    if (typeof input !== "object" || Array.isArray(input)) {
      throw new ChronographError("INVALID_UPDATE", `The input of thread "${threadId}" must be an object of channel values, not ${Array.isArray(input) ? "a list" : typeof input}.`, { thread: threadId });
    }
    const finished = [{ task: { id: START, node: START }, result: { update: input as Record<string, unknown>, goto: [] } }];
    return { position: await writeStep(ctx, loaded ?? { threadId }, "input", finished, [], emit), written: true };
  }

  if (!loaded) throw nothingToResume(threadId, ctx.saver ? "it has no checkpoints" : "the graph has no checkpointer");
  if (config.checkpointId !== undefined && (await ctx.saver!.hasChildren(threadId, loaded.record.checkpointId))) {
    return { position: await writeFork(ctx, loaded, emit), written: true };
  }
  return { position: loaded, written: false };
}

/** A superstep that did not write a checkpoint: a task failed or was interrupted, and the run ends with this outcome. */
class Stopped {
  constructor(readonly outcome: RunOutcome) {}
}

/** The next position, or why the run stopped. */
type StepOutcome = Position | Stopped;

/**
 * One superstep: run the planned tasks, then write the next checkpoint (or record why the step stopped).
 * Synchronous while everything in it is (lone nodes returning plain values, no checkpointer): no promise
 * and no tick per superstep then. With a checkpointer the put is awaited before the next step starts.
 */
function superstep(ctx: RunContext, position: Position, signal: AbortSignal | undefined, emit: EventSink | null): StepOutcome | Promise<StepOutcome> {
  const { record } = position;
  const step = record.step + 1;
  const settled = settledTasks(position.pendingWrites);
  const toRun = settled.done.size === 0 ? record.tasks : record.tasks.filter((task) => !settled.done.has(task.id));
  // A lone task never has a sibling still running, so nothing is saved early: no saver to set up.
  const early = ctx.saver && toRun.length > 1 ? earlySaver(ctx, record) : null;
  const saved = early?.saved ?? NOTHING_SAVED;

  const ran = runTasksEagerly(ctx.spec, toRun, {
    threadId: record.threadId,
    step,
    state: stateView(ctx.spec, position.values),
    signal,
    resumes: settled.resumes,
    onStart: emit ? (task) => emit({ type: "node:start", step, node: task.node, taskId: task.id }) : undefined,
    onSettled:
      emit || early
        ? (outcome, stillRunning) => {
            if (emit) emitOutcome(emit, step, outcome);
            if (outcome.status === "done") early?.add(outcome.task, outcome.result, stillRunning);
          }
        : undefined,
  });
  // A lone node that returned a plain value settles without a promise: no await, no extra tick.
  if (ran instanceof Promise || early) return settleTasks(ran, early).then((outcomes) => afterTasks(ctx, position, settled.finished, outcomes, saved, emit));
  return afterTasks(ctx, position, settled.finished, ran, saved, emit);
}

async function settleTasks(ran: TaskOutcome[] | Promise<TaskOutcome[]>, early: { settled(): Promise<unknown> } | null): Promise<TaskOutcome[]> {
  const outcomes = await ran;
  if (early) await early.settled();
  return outcomes;
}

/** The step's tasks have settled: write the next checkpoint, or record the failures and interrupts that stop the run. */
function afterTasks(
  ctx: RunContext,
  position: Position,
  settledBefore: readonly FinishedTask[],
  outcomes: TaskOutcome[],
  saved: ReadonlySet<string>,
  emit: EventSink | null,
): StepOutcome | Promise<StepOutcome> {
  const { record } = position;
  const durations: Record<string, number> = {};
  for (const outcome of outcomes) {
    if (outcome.status !== "done") return stopStep(ctx, position, outcomes, saved, emit);
    durations[outcome.task.id] = Math.round(outcome.durationMs * 1000) / 1000;
  }
  // Every outcome is done, so each is a finished task as it stands (its task and result): no list to build unless tasks finished before.
  const done = outcomes as Array<Extract<TaskOutcome, { status: "done" }>>;
  const finished: readonly FinishedTask[] = settledBefore.length === 0 ? done : [...settledBefore.filter((entry) => record.tasks.some((task) => task.id === entry.task.id)), ...done];
  let written: Position | Promise<Position>;
  try {
    written = writeStep(ctx, position, "loop", finished, record.tasks, emit, durations);
  } catch (error) {
    return blame(ctx, record, error, outcomes, saved);
  }
  if (written instanceof Promise) {
    return written.then(
      (next) => next,
      (error: unknown) => blame(ctx, record, error, outcomes, saved),
    );
  }
  return written;
}

/** Some task failed or was interrupted: save every outcome against the step's checkpoint, then throw the first error or stop for the interrupts. */
async function stopStep(ctx: RunContext, position: Position, outcomes: TaskOutcome[], saved: ReadonlySet<string>, emit: EventSink | null): Promise<StepOutcome> {
  const { record } = position;
  const step = record.step + 1;
  const failures = outcomes.filter((outcome) => outcome.status !== "done");
  if (ctx.saver) await ctx.saver.putWrites(record.threadId, record.checkpointId, failureWrites(outcomes, saved));
  const errors = failures.filter((outcome) => outcome.status === "error").sort((a, b) => (a.task.node < b.task.node ? -1 : 1));
  if (errors.length > 0 && errors[0]!.status === "error") throw errors[0]!.error;
  const interrupts = failures.flatMap((outcome) => (outcome.status === "interrupt" ? [{ ...outcome.interrupt, node: outcome.task.node }] : []));
  emit?.({ type: "interrupt", step, checkpointId: record.checkpointId, interrupts, nodes: interrupts.map((entry) => entry.node) });
  return new Stopped({ values: stateView(ctx.spec, position.values), interrupts, checkpointId: record.checkpointId });
}

/** The step's writes could not be applied or stored: record that on the nodes to blame (blameWrites), then rethrow. */
async function blame(ctx: RunContext, record: CheckpointRecord, error: unknown, outcomes: readonly TaskOutcome[], saved: ReadonlySet<string>): Promise<never> {
  if (ctx.saver) await ctx.saver.putWrites(record.threadId, record.checkpointId, blameWrites(error, outcomes, saved));
  throw error;
}

/**
 * While siblings still run, a finished task's result is saved at once, so a crash now does not lose it.
 * Results that finish in the same tick are saved in one transaction, and not at all when no sibling is
 * still running by then: the step's checkpoint (or its failure record) follows straight away.
 */
function earlySaver(ctx: RunContext, record: CheckpointRecord) {
  const saved = new Set<string>();
  const batch: PendingWrite[] = [];
  const flushes: Array<Promise<void>> = [];
  let running = Number.POSITIVE_INFINITY;
  const flush = async () => {
    const writes = batch.splice(0);
    if (writes.length === 0 || running === 0) return;
    await ctx.saver!.putWrites(record.threadId, record.checkpointId, writes);
    for (const write of writes) saved.add(write.taskId);
  };
  return {
    /** The tasks whose results were saved early. */
    saved: saved as ReadonlySet<string>,
    add(task: TaskSpec, result: TaskUpdate, stillRunning: number) {
      running = stillRunning;
      if (stillRunning === 0) return;
      if (batch.length === 0) flushes.push(new Promise<void>((resolve) => setImmediate(resolve)).then(flush));
      batch.push(updateWrite(task, result));
    },
    settled: () => Promise.all(flushes),
  };
}

/**
 * Apply finished tasks to `base`, decide what runs next (planStep), persist the checkpoint, report it.
 * Used for the input (START "finishes") and every superstep. A base of `{ threadId }` alone starts a new thread.
 */
function writeStep(
  ctx: RunContext,
  base: Position | { threadId: string },
  source: CheckpointSource,
  finished: readonly FinishedTask[],
  plannedTasks: readonly TaskSpec[],
  emit: EventSink | null,
  durations?: Record<string, number>,
): Position | Promise<Position> {
  const planned = decideStep({ spec: ctx.spec, graph: ctx.graph, base, source, finished, plannedTasks, durations });
  if (planned instanceof Promise) return planned.then((step) => storeStep(ctx, step, source, emit));
  return storeStep(ctx, planned, source, emit);
}

/**
 * Persist a decided step (committed before the next step starts: awaited, or synchronous with a store
 * that writes so, sync-put.ts), then report it.
 */
function storeStep(ctx: RunContext, planned: PlannedStep, source: CheckpointSource, emit: EventSink | null): Position | Promise<Position> {
  const { record, blobs, values } = planned;
  if (ctx.runId !== undefined) record.runId = ctx.runId;
  const { saver } = ctx;
  if (saver && writesSynchronously(saver)) saver.putSync(record, blobs);
  else if (saver) return saver.put(record, blobs).then(() => reportStep(ctx, record, values, source, emit));
  return reportStep(ctx, record, values, source, emit);
}

function reportStep(ctx: RunContext, record: CheckpointRecord, values: Record<string, unknown>, source: CheckpointSource, emit: EventSink | null): Position {
  if (emit) {
    const { step, checkpointId } = record;
    if (source !== "input") emit({ type: "updates", step, checkpointId, updates: record.writes ?? {} });
    emit({ type: "values", step, checkpointId, source, values: stateView(ctx.spec, values), next: record.tasks.map((task) => task.node) });
    if (record.breakpoint) emit({ type: "interrupt", step, checkpointId, interrupts: [], when: record.breakpoint.when, nodes: record.breakpoint.nodes });
  }
  return { record, values, pendingWrites: NO_PENDING_WRITES };
}

/** A checkpoint the run just wrote has no pending writes yet (shared, never written to). */
const NO_PENDING_WRITES: PendingWrite[] = Object.freeze([]) as unknown as PendingWrite[];

async function writeFork(ctx: RunContext, from: CheckpointTuple, emit: EventSink | null): Promise<Position> {
  const record: CheckpointRecord = {
    ...from.record,
    checkpointId: newCheckpointId(),
    parentId: from.record.checkpointId,
    source: "fork",
    createdAt: Date.now(),
    writes: null,
    breakpoint: null,
    graph: ctx.graph,
  };
  delete record.durations;
  // The fork belongs to the run that makes it, not to the run that wrote the checkpoint it copies.
  delete record.runId;
  if (ctx.runId !== undefined) record.runId = ctx.runId;
  await ctx.saver!.put(record, []);
  emit?.({ type: "values", step: record.step, checkpointId: record.checkpointId, source: "fork", values: stateView(ctx.spec, from.values), next: record.tasks.map((task) => task.node) });
  return { record, values: from.values, pendingWrites: [] };
}

async function saveResume(ctx: RunContext, tuple: CheckpointTuple, command: Command): Promise<PendingWrite[]> {
  const waiting = waitingTasks(tuple.pendingWrites);
  if (waiting.length === 0) throw nothingToResume(tuple.record.threadId, "no interrupt is waiting at its newest checkpoint");
  const writes: PendingWrite[] = waiting.map((state) => ({
    taskId: state.taskId,
    node: state.node,
    kind: "resume",
    value: [...(state.resumes ?? []), command.resume],
  }));
  await ctx.saver!.putWrites(tuple.record.threadId, tuple.record.checkpointId, writes);
  return writes;
}

function emitOutcome(emit: (event: StreamEvent) => void, step: number, outcome: TaskOutcome): void {
  const base = { step, node: outcome.task.node, taskId: outcome.task.id, durationMs: outcome.durationMs };
  if (outcome.status === "done") emit({ type: "node:end", ...base, update: outcome.result.update });
  else if (outcome.status === "error") emit({ type: "node:error", ...base, error: describeError(outcome.error) });
}

function nothingToResume(threadId: string, why: string): ChronographError {
  return new ChronographError("NOTHING_TO_RESUME", `Thread "${threadId}" has nothing to resume: ${why}. Start it with an input instead of null.`, { thread: threadId });
}

function validRunId(runId: unknown): string {
  if (typeof runId !== "string" || runId.length === 0 || runId.length > 512) {
    throw new ChronographError("INVALID_ARGUMENT", `A run's runId must be a non-empty string of at most 512 characters (got ${JSON.stringify(runId) ?? typeof runId}).`);
  }
  return runId;
}

export function validThreadId(threadId: unknown): string {
  if (typeof threadId !== "string" || threadId.length === 0 || threadId.length > 512) {
    throw new ChronographError("INVALID_ARGUMENT", `A run needs a threadId: a non-empty string of at most 512 characters (got ${JSON.stringify(threadId) ?? typeof threadId}).`);
  }
  return threadId;
}
