/**
 * A reader with its light reads hidden (listSkeleton, listCheckpointsByIds, pages, views by id): the
 * timeline cache and inspect then read every thread whole, the slow path differential tests compare with.
 */
import type { HistorySource } from "../../core/api/history-source.ts";

export function wholeReadsOnly(source: HistorySource): HistorySource {
  return {
    kind: source.kind,
    path: source.path,
    listThreads: () => source.listThreads(),
    listCheckpoints: (thread) => source.listCheckpoints(thread),
    getCheckpoint: (thread, id) => source.getCheckpoint(thread, id),
    listCheckpointViews: (thread) => source.listCheckpointViews(thread),
    getGraph: (thread) => source.getGraph(thread),
    changeToken: () => source.changeToken(),
    close: async () => undefined,
  };
}
