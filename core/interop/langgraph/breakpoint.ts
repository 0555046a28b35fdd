/**
 * Whether a LangGraph checkpoint is where a run stopped at a static breakpoint (interruptBefore /
 * interruptAfter). LangGraph stores no mark at the stop: checked against LangGraph.js 1.7.3, the stopped
 * checkpoint is byte-for-byte what an ordinary step writes, and interruptBefore "publish" stores exactly
 * what interruptAfter on the node before it stores. `versions_seen["__interrupt__"]` is written only when a
 * later run resumes from the checkpoint with null input (a Continue or any replay), in the child it writes.
 * So the rule reads the shape the stop leaves: a checkpoint the run loop wrote, which nothing continued
 * from yet, whose next nodes are ordinary nodes and against which nothing was written (no result, error,
 * interrupt or pending input). LangGraph's "next" is then where it stopped: "stopped before" those nodes.
 * (A process killed before any of the step's tasks wrote leaves the same shape; Continue is right there too.)
 * Pure.
 */
import type { Breakpoint, CheckpointSource } from "../../api/types.ts";

export interface StopFacts {
  source: CheckpointSource;
  /** Checkpoints written as children of this one (a continue, a replay, an update). */
  children: number;
  /** Node names LangGraph schedules from this checkpoint. */
  next: readonly string[];
  /** Writes stored against this checkpoint, of any task. */
  writes: number;
}

export function breakpointStop(facts: StopFacts): Breakpoint | null {
  if (facts.source !== "loop" || facts.children > 0 || facts.writes > 0) return null;
  const nodes = [...new Set(facts.next)];
  if (nodes.length === 0 || nodes.some((node) => node.startsWith("__"))) return null;
  return { when: "before", nodes };
}
