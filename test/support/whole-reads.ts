/**
 * A reader with its light reads hidden (listSkeleton, listCheckpointsByIds, pages, views by id): the
 * timeline cache and inspect then read every thread whole, the slow path differential tests compare with.
 */
import type { HistorySource } from "../../core/api/history-source.ts";
import type { ThreadKey } from "../../core/api/types.ts";
import type { HistoryViews } from "../../core/interop/langgraph/views.ts";

export function wholeReadsOnly(source: HistorySource): HistorySource {
  return {
    kind: source.kind,
    path: source.path,
    listThreads: () => source.listThreads(),
    // A LangGraph reader lists a long thread a window at a time: the oracle decodes it whole.
    listCheckpoints: async (thread) => {
      // LangGraph's SQLite reader answers at once, its PostgreSQL reader with a promise.
      const whole = await (source as { views?: (thread: ThreadKey) => HistoryViews | Promise<HistoryViews> }).views?.(thread);
      return whole?.history ? [...whole.history.ordered].reverse().map((checkpoint) => whole.entry(checkpoint)) : source.listCheckpoints(thread);
    },
    getCheckpoint: (thread, id) => source.getCheckpoint(thread, id),
    listCheckpointViews: (thread) => source.listCheckpointViews(thread),
    getGraph: (thread) => source.getGraph(thread),
    changeToken: () => source.changeToken(),
    close: async () => undefined,
  };
}
