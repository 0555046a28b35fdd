/**
 * A compiled graph: run it, stream it, and travel in its history. The public face of the engine.
 */
import { ChronographError } from "../api/errors.ts";
import type { Checkpointer, CheckpointSource, PruneOptions, ThreadSummary } from "../checkpoint/types.ts";
import type { Command } from "../graph/command.ts";
import { describeSpec } from "../graph/compile.ts";
import { END, START } from "../graph/constants.ts";
import { hashDescription, type GraphDescription } from "../graph/describe.ts";
import type { GraphSpec, State } from "../graph/types.ts";
import type { EventSink, StreamEvent } from "./events.ts";
import { executeRun, validThreadId, type RunConfig, type RunContext, type RunOutcome } from "./loop.ts";
import { toSnapshot, type CheckpointConfig, type StateSnapshot } from "./snapshot.ts";
import { applyUpdate } from "./step.ts";

export interface HistoryOptions {
  /** At most this many checkpoints. */
  limit?: number;
  /** Only checkpoints created before this checkpoint id. */
  before?: string;
  /** Only checkpoints whose metadata matches. */
  filter?: { source?: CheckpointSource; step?: number };
}

/** What invoke() resolves to: the final state, plus the pending interrupts when the run stopped for a human. */
export type RunResult<S> = S & { __interrupt__?: Array<{ id: string; value: unknown; node: string }> };

export class CompiledGraph<S extends object = State> {
  readonly name: string;
  private readonly description: GraphDescription;
  private readonly hash: string;
  private readonly savedTo = new WeakSet<Checkpointer>();
  /** What every checkpoint of this graph names (one object, shared by its runs' records). */
  private readonly graphRef: { readonly name: string; readonly hash: string };

  constructor(
    private readonly spec: GraphSpec,
    readonly checkpointer: Checkpointer | undefined,
  ) {
    this.name = spec.name;
    this.description = describeSpec(spec);
    // Breakpoints are run settings, not topology: the same graph keeps one hash whatever stops it.
    this.hash = hashDescription({ ...this.description, interruptBefore: [], interruptAfter: [] });
    this.graphRef = Object.freeze({ name: this.name, hash: this.hash });
  }

  /**
   * The same graph (same nodes, same topology hash) with another checkpointer and/or other breakpoints.
   * Given lists replace this graph's; omitted ones are kept. Node names are checked as compile() does.
   */
  withOptions(options: { checkpointer?: Checkpointer; interruptBefore?: string[]; interruptAfter?: string[] }): CompiledGraph<S> {
    for (const node of [...(options.interruptBefore ?? []), ...(options.interruptAfter ?? [])]) {
      if (!this.spec.nodes.has(node)) {
        throw new ChronographError("UNKNOWN_NODE", `Graph "${this.name}": a breakpoint names unknown node "${node}".`, { node });
      }
    }
    const spec: GraphSpec = {
      ...this.spec,
      interruptBefore: options.interruptBefore ? new Set(options.interruptBefore) : this.spec.interruptBefore,
      interruptAfter: options.interruptAfter ? new Set(options.interruptAfter) : this.spec.interruptAfter,
    };
    return new CompiledGraph<S>(spec, options.checkpointer ?? this.checkpointer);
  }

  /** The topology as plain JSON: nodes, edges, conditional targets, channels with their reducer kind. */
  describe(): GraphDescription {
    return structuredClone(this.description);
  }

  /** Stable hash of `describe()`, stored with every checkpoint. */
  get topologyHash(): string {
    return this.hash;
  }

  /**
   * Run the graph and resolve to the final state. `input` starts a run (an object of channel values),
   * `null` resumes the thread from its newest checkpoint (or replays from `checkpointId`, as a new branch
   * when that checkpoint already has children), and `new Command({ resume })` answers an interrupt.
   * Rejects with the node's own error when a node fails; its checkpoint records the error.
   */
  async invoke(input: Partial<S> | Command<S> | null, config: RunConfig): Promise<RunResult<S>> {
    return this.toResult(await executeRun(this.context(), input, config, null));
  }

  /** Like invoke(), but yields events as they happen: values, updates, node start/end/error, interrupts. */
  async *stream(input: Partial<S> | Command<S> | null, config: RunConfig): AsyncGenerator<StreamEvent, RunResult<S>> {
    const queue: StreamEvent[] = [];
    const drained: Array<() => void> = [];
    let wake: (() => void) | null = null;
    let finished = false;
    const sink: EventSink = Object.assign(
      (event: StreamEvent) => {
        queue.push(event);
        wake?.();
      },
      {
        // The loop waits here before each superstep until the consumer has pulled every event so far.
        drain: () =>
          new Promise<void>((resolve) => {
            drained.push(resolve);
            wake?.();
          }),
      },
    );
    const run = executeRun(this.context(), input, config, sink).then(
      (outcome) => ({ outcome }),
      (error: unknown) => ({ error }),
    );
    void run.then(() => {
      finished = true;
      wake?.();
    });
    while (true) {
      while (queue.length > 0) yield queue.shift()!;
      for (const resolve of drained.splice(0)) resolve();
      if (finished) break;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
    const settled = await run;
    if ("error" in settled) throw settled.error;
    return this.toResult(settled.outcome);
  }

  /** The thread's newest checkpoint, or the given one. Throws THREAD_NOT_FOUND / CHECKPOINT_NOT_FOUND. */
  async getState(config: { threadId: string; checkpointId?: string }): Promise<StateSnapshot<S>> {
    const saver = this.requireSaver("getState");
    const threadId = validThreadId(config.threadId);
    const tuple = await saver.getTuple(threadId, config.checkpointId);
    if (!tuple) throw notFound(threadId, config.checkpointId);
    return toSnapshot<S>(this.spec, tuple);
  }

  /** Every checkpoint of the thread, newest first, across all branches. */
  async getStateHistory(config: { threadId: string }, options: HistoryOptions = {}): Promise<StateSnapshot<S>[]> {
    const saver = this.requireSaver("getStateHistory");
    const tuples = await saver.list(validThreadId(config.threadId), options);
    return tuples.map((tuple) => toSnapshot<S>(this.spec, tuple));
  }

  /**
   * Write `values` as if node `asNode` had returned them, as a new checkpoint (source "update") whose
   * parent is the given checkpoint (default: the newest). The values go through the reducers and `next`
   * is what would follow `asNode`. When `asNode` is omitted, the node that wrote the parent is used if
   * there is exactly one. `goto` chooses what runs next instead of `asNode`'s edges (END or [] ends the run).
   * Never changes an existing checkpoint. Resolves to the new checkpoint's config.
   */
  async updateState(config: { threadId: string; checkpointId?: string }, values: Partial<S> | null, options: { asNode?: string; goto?: readonly string[] } = {}): Promise<CheckpointConfig> {
    const saver = this.requireSaver("updateState");
    const threadId = validThreadId(config.threadId);
    const tuple = await saver.getTuple(threadId, config.checkpointId);
    if (!tuple) throw notFound(threadId, config.checkpointId);
    const asNode = options.asNode ?? this.defaultAsNode(tuple.record.writes, threadId);
    if (asNode !== START && !this.spec.nodes.has(asNode)) {
      throw new ChronographError("UNKNOWN_NODE", `updateState: graph "${this.name}" has no node "${asNode}" (nodes: ${[...this.spec.nodes.keys()].join(", ")}).`, { node: asNode });
    }
    if (values !== null && (typeof values !== "object" || Array.isArray(values))) {
      throw new ChronographError("INVALID_UPDATE", `updateState: the values for thread "${threadId}" must be an object of channel values.`, { thread: threadId });
    }
    const unknown = options.goto?.find((node) => node !== END && !this.spec.nodes.has(node));
    if (unknown !== undefined) {
      throw new ChronographError("UNKNOWN_NODE", `updateState: graph "${this.name}" has no node "${unknown}" to go to (nodes: ${[...this.spec.nodes.keys()].join(", ")}).`, { node: unknown });
    }
    await this.ensureGraphSaved(saver);
    const goto = options.goto !== undefined ? { goto: options.goto } : {};
    const { record, blobs } = await applyUpdate({ spec: this.spec, graph: { name: this.name, hash: this.hash }, base: tuple, values: (values ?? null) as Record<string, unknown> | null, asNode, ...goto });
    await saver.put(record, blobs);
    return { threadId, checkpointId: record.checkpointId };
  }

  /** One summary per thread of the checkpointer, most recently updated first. */
  async listThreads(): Promise<ThreadSummary[]> {
    return this.requireSaver("listThreads").listThreads();
  }

  async deleteThread(threadId: string): Promise<void> {
    await this.requireSaver("deleteThread").deleteThread(validThreadId(threadId));
  }

  /** Remove old checkpoints; see Checkpointer.prune for what is always kept. */
  async prune(options: PruneOptions): Promise<{ removed: number }> {
    return this.requireSaver("prune").prune(options);
  }

  private toResult(outcome: RunOutcome): RunResult<S> {
    const result = outcome.values as RunResult<S>;
    if (outcome.interrupts.length > 0) result.__interrupt__ = outcome.interrupts.map(({ id, value, node }) => ({ id, value, node }));
    return result;
  }

  /** Made once per compiled graph, not per run: tsx names every arrow stored in a property when it is made. */
  private readonly saveGraphOnce = () => this.ensureGraphSaved(this.checkpointer!);

  private context(): RunContext {
    return {
      spec: this.spec,
      saver: this.checkpointer,
      graph: this.graphRef,
      ensureGraphSaved: this.saveGraphOnce,
    };
  }

  private async ensureGraphSaved(saver: Checkpointer): Promise<void> {
    if (this.savedTo.has(saver)) return;
    await saver.saveGraph(this.description, this.hash);
    this.savedTo.add(saver);
  }

  private defaultAsNode(writes: Record<string, unknown> | null, threadId: string): string {
    const writers = Object.keys(writes ?? {});
    if (writers.length === 1) return writers[0]!;
    throw new ChronographError(
      "AMBIGUOUS_AS_NODE",
      `updateState on thread "${threadId}": say which node the update is written as ({ asNode }); the checkpoint was written by ${writers.length === 0 ? "no node" : writers.join(", ")}.`,
      { thread: threadId },
    );
  }

  private requireSaver(method: string): Checkpointer {
    if (!this.checkpointer) {
      throw new ChronographError("INVALID_ARGUMENT", `${method}() needs a checkpointer: compile graph "${this.name}" with { checkpointer }.`);
    }
    return this.checkpointer;
  }
}

function notFound(threadId: string, checkpointId: string | undefined): ChronographError {
  if (checkpointId === undefined) return new ChronographError("THREAD_NOT_FOUND", `Thread "${threadId}" has no checkpoints.`, { thread: threadId });
  return new ChronographError("CHECKPOINT_NOT_FOUND", `Checkpoint "${checkpointId}" does not exist in thread "${threadId}".`, { thread: threadId, checkpoint: checkpointId });
}
