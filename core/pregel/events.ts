/** What `stream()` yields, as it happens. */
import type { CheckpointSource, InterruptInfo, TaskError } from "../checkpoint/types.ts";

export type StreamEvent =
  /** A checkpoint was written (or, without a checkpointer, a step completed): the full state after it. */
  | { type: "values"; step: number; checkpointId: string; source: CheckpointSource; values: Record<string, unknown>; next: string[] }
  /** What each node of the step returned, by node name. */
  | { type: "updates"; step: number; checkpointId: string; updates: Record<string, unknown> }
  | { type: "node:start"; step: number; node: string; taskId: string }
  | { type: "node:end"; step: number; node: string; taskId: string; durationMs: number; update: Record<string, unknown> | null }
  | { type: "node:error"; step: number; node: string; taskId: string; durationMs: number; error: TaskError }
  /** The run stopped to wait for a human: inside nodes (`interrupts`) or at a breakpoint (`before`/`after`). */
  | { type: "interrupt"; step: number; checkpointId: string; interrupts: Array<InterruptInfo & { node: string }>; when?: "before" | "after"; nodes: string[] };

/**
 * Receives events as the run makes them. `drain`, when present, resolves once the consumer has taken every
 * event so far; the loop awaits it before each superstep, so a consumer that stops the run on an event
 * stops it before the next superstep starts.
 */
export type EventSink = ((event: StreamEvent) => void) & { drain?(): Promise<void> };
