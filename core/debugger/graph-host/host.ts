/**
 * The backend's side of a graph host: start a process for one job (through a GraphProcessLauncher),
 * pass it the job, relay the run events it streams, and resolve to its answer. Stopping sends "abort" and kills the child after a short
 * grace; a child that exits without answering (process.exit, a crash, out of memory) rejects with
 * GRAPH_PROCESS naming the module and, for a run, the node and thread it was in.
 */
import { fileURLToPath } from "node:url";
import { ChronographError } from "../../api/errors.ts";
import { forkLauncher, type GraphProcess, type GraphProcessLauncher } from "./launcher.ts";
import type { ChildMessage, HostJob, HostResults, HostRunEvent, ParentMessage } from "./protocol.ts";

/** How long importing a module may take before its graph host is killed (a top-level await that never ends). */
export const LOAD_TIMEOUT_MS = 60_000;

const ENTRY = fileURLToPath(new URL(import.meta.url.endsWith(".ts") ? "./child.ts" : "./child.js", import.meta.url));

export interface JobOptions {
  /** How the graph host process is started. Default: child_process.fork (forkLauncher). */
  launcher?: GraphProcessLauncher;
  /** Each run event, as the child streams it. */
  onEvent?(event: HostRunEvent): void;
  /** Aborting sends "abort" to the child, then kills it after `graceMs`. */
  signal?: AbortSignal;
  /** How long a stopped child may take to end by itself before it is killed. Default 2000 ms. */
  graceMs?: number;
  /** How long a load job may take before its child is killed. Default LOAD_TIMEOUT_MS. */
  loadTimeoutMs?: number;
  /**
   * The nodes the run was in, asked when the child dies before its node:start arrived (a node that exits
   * at once): the tasks of the last checkpoint it wrote.
   */
  runningNodes?(): Promise<string[]>;
}

/** A failure the child reported itself: its error, and whether it was the graph's own (uncoded) exception. */
export class JobFailure extends ChronographError {
  constructor(
    info: { code: ChronographError["code"]; message: string; subject?: Record<string, string> },
    readonly uncoded: boolean,
    readonly lastCheckpointId: string | null,
  ) {
    super(info.code, info.message, info.subject);
  }
}

/**
 * Run `job` in a fresh graph host. Resolves to its answer; rejects with the child's own coded error
 * (as JobFailure), or GRAPH_PROCESS when the child ended without answering.
 */
export function runInGraphHost<K extends HostJob["kind"]>(job: Extract<HostJob, { kind: K }>, options: JobOptions = {}): Promise<HostResults[K]> {
  let child: GraphProcess;
  try {
    child = (options.launcher ?? forkLauncher).start(ENTRY);
  } catch (error) {
    // E.g. Electron with its runAsNode fuse off, where child_process.fork throws.
    const file = jobFile(job);
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return Promise.reject(new ChronographError("GRAPH_PROCESS", `Could not start the graph process for "${file}": ${reason}`, { file }));
  }
  // The child's stderr still reaches ours; its last error line (an uncaught exception's) goes in the message.
  let lastError: string | null = null;
  child.onStderrLine((line) => {
    process.stderr.write(`${line}\n`);
    if (/^[A-Za-z]*Error\b.*: /.test(line)) lastError = line.slice(0, 300);
  });
  let currentNode: string | null = null;
  let answer: ChildMessage | null = null;
  let killTimer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const loadTimeoutMs = options.loadTimeoutMs ?? LOAD_TIMEOUT_MS;
  const loadTimer =
    job.kind === "load" || job.kind === "load-langgraph"
      ? setTimeout(() => {
          timedOut = true;
          child.kill();
        }, loadTimeoutMs)
      : undefined;

  const stop = () => {
    child.send({ type: "abort" } satisfies ParentMessage);
    killTimer ??= setTimeout(() => child.kill(), options.graceMs ?? 2000);
  };

  return new Promise<HostResults[K]>((resolve, reject) => {
    child.onAnswer((message) => {
      if (message.type === "event") {
        if (message.event.type === "node") currentNode = message.event.phase === "start" ? message.event.node : null;
        options.onEvent?.(message.event);
      } else {
        answer = message;
      }
    });
    child.onError((error) => reject(new ChronographError("GRAPH_PROCESS", `Could not start the graph process for "${jobFile(job)}": ${error.message}`, { file: jobFile(job) })));
    // Every answer has been delivered by then.
    child.onClose((code, signal) => {
      clearTimeout(killTimer);
      clearTimeout(loadTimer);
      options.signal?.removeEventListener("abort", stop);
      const message = answer as ChildMessage | null;
      if (message?.type === "done") {
        if (message.ok) resolve(message.value as HostResults[K]);
        else reject(new JobFailure(message.error, message.uncoded, message.lastCheckpointId));
        return;
      }
      const stopped = options.signal?.aborted === true;
      const nodes = currentNode ? Promise.resolve([currentNode]) : (options.runningNodes?.() ?? Promise.resolve([]));
      if (timedOut) {
        const file = jobFile(job);
        reject(new ChronographError("GRAPH_MODULE", `Graph module "${file}" did not finish loading within ${loadTimeoutMs / 1000} s; its process was killed.`, { file }));
        return;
      }
      void nodes.catch(() => []).then((running) => reject(exitError(job, code, signal, running, stopped, lastError)));
    });
    if (options.signal?.aborted) stop();
    else options.signal?.addEventListener("abort", stop, { once: true });
    child.send({ type: "job", job } satisfies ParentMessage);
  });
}

function jobFile(job: HostJob): string {
  return job.kind === "load" || job.kind === "load-langgraph" ? job.path : job.file;
}

function exitError(job: HostJob, code: number | null, signal: NodeJS.Signals | null, nodes: string[], stopped: boolean, lastError: string | null): ChronographError {
  const node = nodes.length > 0 ? nodes.map((name) => `"${name}"`).join(", ") : null;
  const file = jobFile(job);
  const how = stopped ? "was killed after it did not stop in time" : signal ? `was killed by ${signal}` : `exited with code ${code}`;
  const what =
    job.kind === "run"
      ? node
        ? ` while running node ${node} of thread "${job.threadId}"`
        : ` while running thread "${job.threadId}"`
      : job.kind === "update"
        ? ` while writing an edit to thread "${job.threadId}"`
        : " while loading the module";
  const subject: Record<string, string> = { file };
  if (job.kind === "run" || job.kind === "update") subject.thread = job.threadId;
  if (nodes.length > 0) subject.node = nodes.join(",");
  const why = lastError && !stopped ? ` (${lastError})` : "";
  return new ChronographError(stopped ? "RUN_ABORTED" : "GRAPH_PROCESS", `The graph process for "${file}" ${how}${what}${why}.`, subject);
}
