/**
 * Folds a run's events (RunEvent from onRunEvent) into what the UI shows while it is in flight: its
 * status, each node's live state, the checkpoints it wrote, and its error. Pure: the run slice calls it
 * for every event and keeps the result.
 */
import type { ErrorInfo } from "../../core/api/errors.ts";
import type { RunEvent, ThreadStatus } from "../../core/api/types.ts";

export type LiveNodeState = "running" | "done" | "failed";

export interface RunProgress {
  runId: string;
  threadId: string;
  status: "running" | "finished" | "failed" | "stopped";
  /** Final thread status, once finished. */
  outcome: ThreadStatus | null;
  nodes: Map<string, LiveNodeState>;
  /** Checkpoints written by this run, oldest first. */
  checkpoints: string[];
  /** Node errors seen during the run, by node. */
  nodeErrors: Map<string, string>;
  error: ErrorInfo | null;
}

export function startProgress(runId: string, threadId: string): RunProgress {
  return { runId, threadId, status: "running", outcome: null, nodes: new Map(), checkpoints: [], nodeErrors: new Map(), error: null };
}

/** The progress after one event; events of another run leave it unchanged (same object). */
export function foldRunEvent(progress: RunProgress, event: RunEvent): RunProgress {
  if (event.runId !== progress.runId) return progress;
  switch (event.type) {
    case "started":
      return progress;
    case "node": {
      const nodes = new Map(progress.nodes);
      nodes.set(event.node, event.phase === "start" ? "running" : event.phase === "end" ? "done" : "failed");
      const nodeErrors = event.phase === "error" ? new Map(progress.nodeErrors).set(event.node, event.message ?? "failed") : progress.nodeErrors;
      return { ...progress, nodes, nodeErrors };
    }
    case "checkpoint":
      // A new superstep starts from a fresh checkpoint: nodes that finished belong to the previous one.
      return { ...progress, checkpoints: [...progress.checkpoints, event.checkpointId], nodes: keepActive(progress.nodes) };
    case "finished":
      return { ...progress, status: event.status === "error" ? "failed" : "finished", outcome: event.status, nodes: keepFailed(progress.nodes) };
    case "failed": {
      const status = event.error.code === "RUN_ABORTED" ? "stopped" : "failed";
      return { ...progress, status, error: status === "stopped" ? null : event.error, nodes: keepFailed(progress.nodes) };
    }
  }
}

function keepActive(nodes: Map<string, LiveNodeState>): Map<string, LiveNodeState> {
  return new Map([...nodes].filter(([, state]) => state !== "done"));
}

function keepFailed(nodes: Map<string, LiveNodeState>): Map<string, LiveNodeState> {
  return new Map([...nodes].filter(([, state]) => state === "failed"));
}

export function isActive(progress: RunProgress | null): boolean {
  return progress !== null && progress.status === "running";
}
