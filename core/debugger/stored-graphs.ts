/**
 * What loading graph code checks the code against (graph-match.ts's StoredGraphs): the graph names of the
 * open database's threads and, for a name whose topology differs, the hash that wrote its newest thread.
 * Readers that answer the names themselves (threadGraphNames, newestThreadOfGraph: Chronograph's SQLite
 * files, in SQL over the threads table) are asked; only the others have every thread listed.
 */
import type { HistorySource } from "../api/history-source.ts";
import type { ThreadRow } from "../api/types.ts";
import type { StoredGraphs } from "./graph-match.ts";
import type { EngineReader } from "./sources.ts";

/**
 * The stored graphs of `source` (the file at `database`). `engine` is the reader as the engine's own
 * (null for LangGraph's files, whose checkpoints name no graph); `everyRow` lists every thread, asked
 * only when the reader cannot name the graphs itself.
 */
export async function storedGraphsOf(database: string, source: HistorySource, engine: EngineReader | null, everyRow: () => Promise<readonly ThreadRow[]>): Promise<StoredGraphs> {
  let newestThread: (name: string) => Promise<string | undefined>;
  let names: Set<string>;
  if (source.threadGraphNames && source.newestThreadOfGraph) {
    names = new Set(await source.threadGraphNames());
    newestThread = (name) => source.newestThreadOfGraph!(name);
  } else {
    const rows = await everyRow();
    names = new Set(rows.map((row) => row.graphName).filter((name): name is string => name !== null));
    newestThread = async (name) => rows.find((row) => row.graphName === name)?.threadId;
  }
  if (!engine) return { database, names, knows: async () => true, newestHash: async () => undefined };
  const saver = engine.saver;
  return {
    database,
    names,
    knows: async (hash) => (await saver.loadGraph(hash)) !== undefined,
    newestHash: async (name) => {
      const threadId = await newestThread(name);
      return threadId === undefined ? undefined : (await saver.getTuple(threadId))?.record.graph?.hash;
    },
  };
}
