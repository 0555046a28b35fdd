/**
 * Doing a superstep's work: run the node functions of one step concurrently, with retries, interrupts
 * and abort, and hand back what each returned. No channel logic and no storage here.
 */
import { ChronographError, isChronographError } from "../api/errors.ts";
import type { InterruptInfo, TaskError, TaskSpec, TaskUpdate } from "../checkpoint/types.ts";
import { isCommand, isSend } from "../graph/command.ts";
import type { GraphSpec, NodeContext, State } from "../graph/types.ts";

export type TaskOutcome =
  | { task: TaskSpec; status: "done"; result: TaskUpdate; durationMs: number }
  | { task: TaskSpec; status: "error"; error: unknown; durationMs: number }
  | { task: TaskSpec; status: "interrupt"; interrupt: InterruptInfo; durationMs: number };

export interface RunTasksOptions {
  threadId: string;
  step: number;
  /**
   * The state every non-Send task receives: each gets its own shallow copy, except a lone task without
   * retries, which gets this object itself (so the caller makes it for this call alone).
   */
  state: State;
  /** The run's stop signal; without one the run cannot be stopped and nodes see a signal that never aborts. */
  signal?: AbortSignal;
  /** Values given with Command({ resume }) for interrupted tasks, by task id, in interrupt() order. */
  resumes: ReadonlyMap<string, unknown[]>;
  onStart?(task: TaskSpec): void;
  /** Called as each task settles, with how many are still running. */
  onSettled?(outcome: TaskOutcome, stillRunning: number): void | Promise<void>;
}

/** Thrown inside a node by ctx.interrupt(); never escapes the runner. */
class InterruptSignal {
  constructor(readonly info: InterruptInfo) {}
}

export async function runTasks(spec: GraphSpec, tasks: readonly TaskSpec[], options: RunTasksOptions): Promise<TaskOutcome[]> {
  return runTasksEagerly(spec, tasks, options);
}

/**
 * runTasks without a promise when the step's lone task is a node that returned without awaiting anything
 * (and no onSettled callback waits): the loop then goes on in the same tick, with no async frame per task.
 */
export function runTasksEagerly(spec: GraphSpec, tasks: readonly TaskSpec[], options: RunTasksOptions): TaskOutcome[] | Promise<TaskOutcome[]> {
  if (tasks.length === 1) {
    // The usual superstep runs one task: the same calls in the same order, without Promise.all's bookkeeping.
    const task = tasks[0]!;
    options.onStart?.(task);
    const outcome = runTask(spec, task, options, true);
    if (outcome instanceof Promise || options.onSettled) return settleLone(outcome, options);
    return [outcome];
  }
  let running = tasks.length;
  return Promise.all(
    tasks.map(async (task) => {
      options.onStart?.(task);
      const outcome = await runTask(spec, task, options, false);
      running -= 1;
      await options.onSettled?.(outcome, running);
      return outcome;
    }),
  );
}

async function settleLone(pending: TaskOutcome | Promise<TaskOutcome>, options: RunTasksOptions): Promise<TaskOutcome[]> {
  const outcome = await pending;
  await options.onSettled?.(outcome, 0);
  return [outcome];
}

/** One task, attempts and retries included; synchronous while the node is (no promise for a node that returns a plain value). */
function runTask(spec: GraphSpec, task: TaskSpec, options: RunTasksOptions, lone: boolean): TaskOutcome | Promise<TaskOutcome> {
  const node = spec.nodes.get(task.node);
  if (!node) {
    const error = new ChronographError("UNKNOWN_NODE", `The checkpoint plans a task for node "${task.node}", which graph "${spec.name}" does not have.`, { node: task.node });
    return { task, status: "error", error, durationMs: 0 };
  }
  // A lone task without retries may have the step's state object itself: no sibling and no later attempt copies it after the node has changed it.
  const input = task.send ? (task.send.arg as State) : lone && node.retry === null ? options.state : { ...options.state };
  return attempt(node, task, options, performance.now(), 1, input);
}

type SpecNode = GraphSpec["nodes"] extends Map<string, infer N> ? N : never;

function attempt(node: SpecNode, task: TaskSpec, options: RunTasksOptions, started: number, attemptNo: number, input: State): TaskOutcome | Promise<TaskOutcome> {
  if (options.signal?.aborted) return { task, status: "error", error: aborted(task), durationMs: performance.now() - started };
  let returned: unknown;
  try {
    returned = node.fn(input, context(task, attemptNo, options));
    if (!isThenable(returned)) return { task, status: "done", result: normalizeResult(task.node, returned), durationMs: performance.now() - started };
  } catch (error) {
    return failed(node, task, options, started, attemptNo, error);
  }
  return awaitNode(node, task, options, started, attemptNo, returned);
}

async function awaitNode(node: SpecNode, task: TaskSpec, options: RunTasksOptions, started: number, attemptNo: number, returned: PromiseLike<unknown>): Promise<TaskOutcome> {
  try {
    const value = await returned;
    return { task, status: "done", result: normalizeResult(task.node, value), durationMs: performance.now() - started };
  } catch (error) {
    return failed(node, task, options, started, attemptNo, error);
  }
}

/** A failed attempt: an interrupt, the task's error, or (retry policy permitting) the next attempt after its backoff. */
function failed(node: SpecNode, task: TaskSpec, options: RunTasksOptions, started: number, attemptNo: number, error: unknown): TaskOutcome | Promise<TaskOutcome> {
  if (error instanceof InterruptSignal) return { task, status: "interrupt", interrupt: error.info, durationMs: performance.now() - started };
  // Mistakes in the graph's wiring (a ChronographError) do not get better with a retry.
  if (attemptNo >= (node.retry?.maxAttempts ?? 1) || isChronographError(error) || options.signal?.aborted) {
    return { task, status: "error", error, durationMs: performance.now() - started };
  }
  return retry(node, task, options, started, attemptNo);
}

async function retry(node: SpecNode, task: TaskSpec, options: RunTasksOptions, started: number, failedAttempt: number): Promise<TaskOutcome> {
  const wait = (node.retry?.backoffMs ?? 0) * 2 ** (failedAttempt - 1);
  if (wait > 0) await retryTimer.sleep(wait, options.signal);
  return attempt(node, task, options, started, failedAttempt + 1, task.send ? (task.send.arg as State) : { ...options.state });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return ((typeof value === "object" && value !== null) || typeof value === "function") && typeof (value as { then?: unknown }).then === "function";
}

const NO_RESUMES: readonly unknown[] = [];

function context(task: TaskSpec, attempt: number, options: RunTasksOptions): NodeContext {
  let calls = 0;
  const resumes = options.resumes.size === 0 ? NO_RESUMES : (options.resumes.get(task.id) ?? NO_RESUMES);
  // interrupt stays an own function (a node may destructure it); signal is TaskContext's getter.
  return new TaskContext(task.node, attempt, options, <R>(payload: unknown): R => {
    const index = calls;
    calls += 1;
    if (index < resumes.length) return resumes[index] as R;
    throw new InterruptSignal({ id: `${task.id}:${index}`, value: payload });
  });
}

/**
 * A node's context. A run given a stop signal puts it on each context as an own field, so a spread copy
 * (`{ ...ctx }`, handed on to a model client) still carries it. A run without one makes a signal only when
 * the node asks: an AbortController costs microseconds, most runs are given no stop signal, and a getter on
 * the prototype costs nothing per task. That signal never aborts, so a spread copy lacking it loses nothing.
 */
class TaskContext implements NodeContext {
  readonly threadId: string;
  readonly step: number;
  // Private fields, not own properties: a node that logs its context sees only the context's fields.
  readonly #options: RunTasksOptions;
  #idle: AbortSignal | undefined;

  constructor(
    readonly node: string,
    readonly attempt: number,
    options: RunTasksOptions,
    readonly interrupt: NodeContext["interrupt"],
  ) {
    this.threadId = options.threadId;
    this.step = options.step;
    this.#options = options;
    if (options.signal) Object.defineProperty(this, "signal", { value: options.signal, enumerable: true });
  }

  get signal(): AbortSignal {
    return this.#options.signal ?? (this.#idle ??= new AbortController().signal);
  }
}

/** The destinations of a result that is no Command: none (shared, never written to). */
const NO_GOTO: TaskUpdate["goto"] = Object.freeze([]) as unknown as TaskUpdate["goto"];

/** A node may return a partial state, a Command, or nothing; anything else names the node. */
function normalizeResult(node: string, returned: unknown): TaskUpdate {
  if (returned === undefined || returned === null) return { update: null, goto: NO_GOTO };
  if (isCommand(returned)) {
    const goto = returned.goto.map((destination) => (isSend(destination) ? { node: destination.node, arg: destination.arg } : destination));
    return { update: (returned.update as Record<string, unknown> | undefined) ?? null, goto };
  }
  if (typeof returned === "object" && !Array.isArray(returned)) return { update: returned as Record<string, unknown>, goto: NO_GOTO };
  throw new ChronographError("INVALID_UPDATE", `Node "${node}" returned ${Array.isArray(returned) ? "a list" : typeof returned}; a node returns a partial state object, a Command, or nothing.`, {
    node,
  });
}

function aborted(task: TaskSpec): ChronographError {
  return new ChronographError("RUN_ABORTED", `The run was stopped before node "${task.node}" finished.`, { node: task.node });
}

/**
 * How a retry waits out its backoff (a stop signal ends the wait early). An object, so a test can see the
 * waits asked for without spending them on the real clock.
 */
export const retryTimer = { sleep };

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** The plain, storable form of an error a node threw. */
export function describeError(error: unknown): TaskError {
  if (error instanceof Error) return error.stack ? { name: error.name, message: error.message, stack: error.stack } : { name: error.name, message: error.message };
  return { name: "Error", message: typeof error === "string" ? error : JSON.stringify(error) ?? String(error) };
}
