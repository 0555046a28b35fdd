/**
 * One LangGraph.js history compared with what our readers show: the part of LangGraph.js's own
 * StateSnapshot the comparison uses (`theirs`), and the same facts from a CheckpointView (`ours`). Used by
 * the SQLite and PostgreSQL oracle tests alike.
 */
import type { CheckpointView } from "../../core/api/types.ts";

/** What the tests read of LangGraph.js's StateSnapshot. */
export interface Snapshot {
  config: { configurable?: Record<string, unknown> };
  parentConfig?: { configurable?: Record<string, unknown> };
  metadata?: Record<string, unknown>;
  next: string[];
  tasks: Array<{ id: string; name: string; error?: unknown; interrupts: Array<{ id?: string; value?: unknown }> }>;
  values: unknown;
}

/** What the tests call on a compiled LangGraph.js graph. */
export interface Runnable {
  getStateHistory(config: { configurable: Record<string, unknown> }): AsyncIterable<Snapshot>;
  getState(config: { configurable: Record<string, unknown> }): Promise<Snapshot>;
}

/** A LangGraph.js snapshot as the facts both sides must agree on. */
export const theirs = (snapshot: Snapshot) => ({
  id: snapshot.config.configurable?.checkpoint_id,
  parent: snapshot.parentConfig?.configurable?.checkpoint_id ?? null,
  step: snapshot.metadata?.step,
  source: snapshot.metadata?.source,
  next: snapshot.next,
  tasks: snapshot.tasks.map((task) => ({
    id: task.id,
    name: task.name,
    error: task.error ? { name: (task.error as Error).name, message: (task.error as Error).message } : null,
    interrupts: task.interrupts.map((item) => ({ id: item.id, value: item.value })),
  })),
  values: snapshot.values,
});

/** One of our checkpoint views as the same facts (a task's interrupts are its newest interrupt write). */
export const ours = (view: CheckpointView) => ({
  id: view.checkpointId,
  parent: view.parentId,
  step: view.step,
  source: view.source,
  next: view.next,
  tasks: view.tasks.map((task) => {
    const stored = view.pendingWrites.filter((write) => write.taskId === task.id && write.kind === "interrupt").at(-1);
    return { id: task.id, name: task.name, error: task.error ?? null, interrupts: stored ? (stored.value as unknown[]) : [] };
  }),
  values: view.values,
});
