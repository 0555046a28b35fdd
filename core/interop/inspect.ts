/**
 * What `chronograph inspect FILE --json` prints, for any HistorySource: every thread and namespace, each
 * with its checkpoints in full, newest first. Threads are ordered by id, then namespace ("" first), so
 * the output is stable for scripts and CI whatever the reader's own listing order.
 */
import type { InspectOutput } from "../api/types.ts";
import type { HistorySource } from "../api/history-source.ts";

export async function inspectDatabase(source: HistorySource): Promise<InspectOutput> {
  const rows = await source.listThreads();
  const keys = rows
    .map((row) => ({ threadId: row.threadId, namespace: row.namespace }))
    .sort((a, b) => (a.threadId < b.threadId ? -1 : a.threadId > b.threadId ? 1 : a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0));
  const threads: InspectOutput["threads"] = [];
  for (const key of keys) threads.push({ ...key, checkpoints: await source.listCheckpointViews(key) });
  return { kind: source.kind, threads };
}
