/**
 * What the change-notice tests and bench/change-notice-bench.ts share: a two-node graph whose every run
 * adds checkpoints to one thread, and a reader's changedThreads answer beside the full stamp comparison
 * it replaces (thread-list.ts's changedStamps).
 */
import type { HistorySource } from "../../core/api/history-source.ts";
import type { Checkpointer } from "../../core/checkpoint/types.ts";
import { changedStamps } from "../../core/debugger/thread-list.ts";
import { append, END, START, StateGraph } from "../../core/index.ts";

export function stepsGraph(saver: Checkpointer) {
  return new StateGraph<{ log: string[] }>({ name: "steps", channels: { log: append<string>() } })
    .addNode("a", () => ({ log: ["a"] }))
    .addNode("b", () => ({ log: ["b"] }))
    .addEdge(START, "a")
    .addEdge("a", "b")
    .addEdge("b", END)
    .compile({ checkpointer: saver });
}

/** changedThreads' answer after `write`, and what comparing every stamp before and after says, both sorted. */
export async function changesBeside(source: HistorySource, write: () => Promise<void> | void): Promise<{ changed: string[]; stamps: string[] }> {
  const before = await source.threadStamps!();
  await write();
  const changed = (await source.changedThreads!()).sort();
  return { changed, stamps: changedStamps(before, await source.threadStamps!()).sort() };
}
