/**
 * One inferred graph per graph of a LangGraph file, shared by all its threads (interop's graph-union.ts
 * decides how threads group and merge). Each thread's own inferred graph is kept until the thread's
 * head checkpoint or checkpoint count moves, so a refresh that finds new threads or checkpoints
 * re-infers only those threads; the union itself is cheap and redone on each ask.
 */
import type { HistorySource } from "../api/history-source.ts";
import type { GraphView, ThreadKey, ThreadRow } from "../api/types.ts";
import { graphKey, groupParts, unionGraphs } from "../interop/langgraph/graph-union.ts";

export class GraphCatalog {
  private readonly parts = new Map<string, { head: string; count: number; view: GraphView }>();

  constructor(private readonly source: HistorySource) {}

  /** How many per-thread graphs have been inferred so far (tests check that refreshes re-infer only changed threads). */
  inferred = 0;

  /** The graph of `thread`'s graph, over the file's current thread rows. */
  async graphOf(thread: ThreadKey, rows: readonly ThreadRow[]): Promise<GraphView> {
    const namespace = thread.namespace ?? "";
    const key = graphKey(namespace);
    const same = rows.filter((row) => graphKey(row.namespace) === key);
    const index = same.findIndex((row) => row.threadId === thread.threadId && row.namespace === namespace);
    if (index < 0) return this.source.getGraph(thread);
    const parts = await Promise.all(same.map(async (row) => ({ key, view: await this.part(row) })));
    const groups = groupParts(parts);
    return unionGraphs(
      parts.filter((_, other) => groups[other] === groups[index]).map((part) => part.view),
      parts[index]!.view.name,
    );
  }

  private async part(row: ThreadRow): Promise<GraphView> {
    const key = `${row.threadId}\u0000${row.namespace}`;
    const cached = this.parts.get(key);
    if (cached && cached.head === row.headCheckpointId && cached.count === row.checkpointCount) return cached.view;
    const view = await this.source.getGraph({ threadId: row.threadId, namespace: row.namespace });
    this.inferred += 1;
    this.parts.set(key, { head: row.headCheckpointId, count: row.checkpointCount, view });
    return view;
  }
}
