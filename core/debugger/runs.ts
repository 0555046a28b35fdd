/**
 * Runs of the loaded graph code against the open file: replay or fork from a checkpoint, or resume an
 * interrupt with a value. Each run executes in a graph host of its own (a child process, see
 * graph-host/), which writes to the file through its own connection and streams its progress back; the
 * backend only checks the request and relays RunEvents. A stopped run ends before its next superstep (or
 * is killed after a short grace), and whatever it wrote stays as history. A graph host that dies ends its
 * run with GRAPH_PROCESS naming the module, node and thread; the next run starts a fresh one.
 */
import { randomUUID } from "node:crypto";
import { ChronographError, toErrorInfo } from "../api/errors.ts";
import type { RunEvent, RunMode, ThreadStatus } from "../api/types.ts";
import { waitingTasks } from "../checkpoint/task-state.ts";
import { threadStatus } from "../checkpoint/thread-status.ts";
import type { Checkpointer } from "../checkpoint/types.ts";
import { JobFailure, runInGraphHost } from "./graph-host/host.ts";
import type { GraphProcessLauncher } from "./graph-host/launcher.ts";
import type { HostJob, HostRunEvent } from "./graph-host/protocol.ts";
import type { DatabaseSession } from "./session.ts";

export interface RunRequest {
  threadId: string;
  namespace: string;
  checkpointId?: string;
  mode: RunMode;
  resumeValue?: unknown;
  /** A fork with new input: the graph starts again from the checkpoint with it. */
  input?: Record<string, unknown>;
  breakpoints?: string[];
}

interface ActiveRun {
  threadId: string;
  controller: AbortController;
  done: Promise<void>;
}

export class RunManager {
  private readonly active = new Map<string, ActiveRun>();

  constructor(
    private readonly emit: (event: RunEvent) => void,
    /** Called after each checkpoint a run writes, and when it ends. */
    private readonly onWrite: () => void,
    /** How graph hosts are started. Default: child_process.fork. */
    private readonly launcher?: GraphProcessLauncher,
  ) {}

  /**
   * Check the request, then start the run in the background and resolve to its id. Throws (before
   * anything runs) CHECKPOINT_NOT_FOUND, THREAD_NOT_FOUND, GRAPH_MODULE, NOTHING_TO_RESUME, UNKNOWN_NODE,
   * INVALID_ARGUMENT (a fork without a checkpoint, or a thread that already has a run in flight).
   */
  async start(session: DatabaseSession, request: RunRequest): Promise<{ runId: string }> {
    const { threadId, checkpointId, mode } = request;
    if (request.input !== undefined && mode !== "fork") throw new ChronographError("INVALID_ARGUMENT", `startRun: new input starts a fork; a ${mode} of thread "${threadId}" takes none.`, { thread: threadId });
    if (session.traits.graphCode === "langgraph-js" && session.langGraphCode().length > 0) return this.startLangGraph(session, request);
    const store = session.chronograph("run the graph").saver;
    if (mode === "fork" && checkpointId === undefined) throw new ChronographError("INVALID_ARGUMENT", `startRun: a fork of thread "${threadId}" needs the checkpointId to fork from.`, { thread: threadId });
    const from = request.namespace === "" ? await store.getTuple(threadId, checkpointId) : undefined;
    if (!from) {
      if (checkpointId === undefined) throw new ChronographError("THREAD_NOT_FOUND", `Thread "${threadId}" does not exist in "${session.path}".`, { thread: threadId });
      throw new ChronographError("CHECKPOINT_NOT_FOUND", `Checkpoint "${checkpointId}" does not exist in thread "${threadId}" of "${session.path}".`, { thread: threadId, checkpoint: checkpointId });
    }
    const graphName = from.record.graph?.name;
    const loaded = session.graphFor(graphName);
    if (!loaded) {
      throw new ChronographError("GRAPH_MODULE", `No code is loaded for graph "${graphName ?? "(unnamed)"}" of thread "${threadId}"; load its module to replay, fork or resume.`, { thread: threadId });
    }
    for (const [id, run] of this.active) {
      if (run.threadId === threadId) throw new ChronographError("INVALID_ARGUMENT", `Thread "${threadId}" already has run "${id}" in flight; stop it first.`, { thread: threadId });
    }
    const nodes = loaded.description.nodes.map((node) => node.name);
    for (const node of request.breakpoints ?? []) {
      if (!nodes.includes(node)) throw new ChronographError("UNKNOWN_NODE", `Cannot stop before node "${node}": graph "${loaded.name}" has no such node.`, { node });
    }
    if (mode === "resume") {
      if (waitingTasks(from.pendingWrites).length === 0) {
        throw new ChronographError(
          "NOTHING_TO_RESUME",
          `Thread "${threadId}" has no interrupt waiting at checkpoint "${from.record.checkpointId}"; to go on after a breakpoint, replay from it.`,
          { thread: threadId, checkpoint: from.record.checkpointId },
        );
      }
    }
    // Opened here so the file shows as written to; the graph host writes through a connection of its own.
    const writer = await session.writable("run the graph");
    const runId = randomUUID();
    const controller = new AbortController();
    const job: RunJob = {
      kind: "run",
      runId,
      database: session.location,
      busyTimeoutMs: session.busyTimeoutMs,
      file: loaded.file,
      exportName: loaded.exportName,
      threadId,
      breakpoints: request.breakpoints ?? [],
      ...(mode === "resume" ? { resume: { value: request.resumeValue } } : checkpointId === undefined ? {} : { checkpointId }),
      ...(request.input ? { input: request.input } : {}),
    };
    this.emit({ runId, threadId, type: "started", fromCheckpointId: from.record.checkpointId });
    const done = this.consume(runId, writer, job, controller.signal, from.record.checkpointId).finally(() => this.active.delete(runId));
    this.active.set(runId, { threadId, controller, done });
    return { runId };
  }

  /**
   * A run of a LangGraph.js file with the loaded LangGraph.js code, on LangGraph.js itself (the
   * "run-langgraph" job): replay and fork both go on from the checkpoint (a fork's edit was written
   * first, as a node); resume answers the waiting interrupt. The job refuses a module that lacks the
   * thread's nodes before anything runs.
   */
  private async startLangGraph(session: DatabaseSession, request: RunRequest): Promise<{ runId: string }> {
    const { threadId, checkpointId, mode } = request;
    if (request.namespace !== "") throw new ChronographError("INVALID_ARGUMENT", `startRun: runs start from the root graph of thread "${threadId}", not from subgraph namespace "${request.namespace}".`, { thread: threadId });
    if (mode === "fork" && checkpointId === undefined) throw new ChronographError("INVALID_ARGUMENT", `startRun: a fork of thread "${threadId}" needs the checkpointId to fork from.`, { thread: threadId });
    for (const [id, run] of this.active) {
      if (run.threadId === threadId) throw new ChronographError("INVALID_ARGUMENT", `Thread "${threadId}" already has run "${id}" in flight; stop it first.`, { thread: threadId });
    }
    // The loaded graph that draws this thread (it has every node the history shows), else the first: the job then says what differs.
    const view = await session.langGraphView({ threadId, namespace: "" });
    const code = session.langGraphCode().find((candidate) => candidate.view === view) ?? session.langGraphCode()[0]!;
    const job: Extract<HostJob, { kind: "run-langgraph" }> = {
      kind: "run-langgraph",
      database: session.location,
      file: code.file,
      exportName: code.exportName,
      threadId,
      mode: mode === "resume" ? "resume" : request.input ? "fork" : "replay",
      ...(mode === "resume" ? { resume: request.resumeValue } : checkpointId === undefined ? {} : { checkpointId }),
      ...(request.input ? { input: request.input } : {}),
      interruptBefore: request.breakpoints ?? [],
    };
    const runId = randomUUID();
    const controller = new AbortController();
    this.emit({ runId, threadId, type: "started", fromCheckpointId: checkpointId ?? null });
    const done = this.consumeLangGraph(runId, session, job, controller.signal).finally(() => this.active.delete(runId));
    this.active.set(runId, { threadId, controller, done });
    return { runId };
  }

  private async consumeLangGraph(runId: string, session: DatabaseSession, job: Extract<HostJob, { kind: "run-langgraph" }>, signal: AbortSignal): Promise<void> {
    const { threadId } = job;
    const onEvent = (event: HostRunEvent) => {
      this.emit({ runId, threadId, ...event });
      if (event.type === "checkpoint") this.onWrite();
    };
    try {
      const { written } = await runInGraphHost(job, { onEvent, signal, launcher: this.launcher });
      await session.refresh();
      const row = await session.threadRow({ threadId, namespace: "" });
      this.emit({ runId, threadId, type: "finished", status: row?.status ?? "pending", checkpointId: written.at(-1) ?? null });
    } catch (error) {
      const info = toErrorInfo(error);
      this.emit({ runId, threadId, type: "failed", error: signal.aborted ? { code: "RUN_ABORTED", message: `The run of thread "${threadId}" was stopped.` } : { code: info.code, message: info.message } });
    } finally {
      this.onWrite();
    }
  }

  /** Ask a run to stop; resolves to false when no such run is in flight. Safe to call twice. */
  stop(runId: string): boolean {
    const run = this.active.get(runId);
    if (!run) return false;
    run.controller.abort();
    return true;
  }

  /** Resolves once the run has ended (at once for an unknown run). */
  async settled(runId: string): Promise<void> {
    await this.active.get(runId)?.done;
  }

  /** Stop every run and wait for them to end. */
  async stopAll(): Promise<void> {
    const runs = [...this.active.values()];
    for (const run of runs) run.controller.abort();
    await Promise.all(runs.map((run) => run.done));
  }

  private async consume(runId: string, writer: Checkpointer, job: RunJob, signal: AbortSignal, fromId: string): Promise<void> {
    const { threadId } = job;
    let written: string | null = null;
    const onEvent = (event: HostRunEvent) => {
      this.emit({ runId, threadId, ...event });
      if (event.type === "checkpoint") {
        written = event.checkpointId;
        this.onWrite();
      }
    };
    const runningNodes = async () => ((await writer.getTuple(threadId, written ?? fromId))?.record.tasks ?? []).map((task) => task.node);
    try {
      const { lastCheckpointId: last } = await runInGraphHost(job, { onEvent, signal, runningNodes, launcher: this.launcher });
      this.emit({ runId, threadId, type: "finished", status: await statusAt(writer, threadId, last ?? fromId), checkpointId: last });
    } catch (error) {
      const last = error instanceof JobFailure ? error.lastCheckpointId : null;
      const status = await statusAt(writer, threadId, last ?? fromId).catch(() => null);
      if (signal.aborted) {
        this.emit({ runId, threadId, type: "failed", error: { code: "RUN_ABORTED", message: `The run of thread "${threadId}" was stopped.` } });
      } else if (error instanceof JobFailure && error.uncoded && status === "error") {
        // The node's own exception: recorded as the failed task of the checkpoint the run stopped at.
        this.emit({ runId, threadId, type: "finished", status, checkpointId: last });
      } else {
        const info = toErrorInfo(error);
        this.emit({ runId, threadId, type: "failed", error: { code: info.code, message: info.message } });
      }
    } finally {
      this.onWrite();
    }
  }
}

type RunJob = Extract<HostJob, { kind: "run" }>;

async function statusAt(saver: Checkpointer, threadId: string, checkpointId: string): Promise<ThreadStatus> {
  const tuple = await saver.getTuple(threadId, checkpointId);
  return tuple ? threadStatus(tuple.record, tuple.pendingWrites) : "pending";
}
