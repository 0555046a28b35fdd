/**
 * Chronograph through its public API, written the way its README shows: StateGraph with lastValue and
 * append channels, MemorySaver in memory, SqliteSaver.open(path) with its default settings for files.
 */
import { append, END, lastValue, MemorySaver, START, StateGraph, type Channel, type Checkpointer, type StateSnapshot } from "../../core/index.ts";
import { GRAPH_END, GRAPH_START } from "../engine.ts";
import type { ChannelDef, Engine, EngineGraph, EngineStore, GraphDef, HistoryEntry, SqliteSettings, StoreKind, Values } from "../engine.ts";
import { SqliteSaver } from "../../core/storage/sqlite/index.ts";

const RECURSION_LIMIT = 1_000_000;

class ChronographStore implements EngineStore {
  constructor(
    readonly kind: StoreKind,
    readonly saver: Checkpointer | undefined,
    readonly sqlite: SqliteSaver | undefined,
  ) {}

  async close(): Promise<void> {
    await this.saver?.close();
  }

  settings(): SqliteSettings | null {
    return this.sqlite ? this.sqlite.pragmas() : null;
  }
}

function channelFor(channel: ChannelDef): Channel<unknown> {
  return channel.reducer === "last" ? lastValue<unknown>(channel.initial) : (append<unknown>() as Channel<unknown>);
}

function endpoint(name: string): string {
  if (name === GRAPH_START) return START;
  if (name === GRAPH_END) return END;
  return name;
}

function toEntry(snapshot: StateSnapshot<Values>): HistoryEntry {
  return {
    checkpointId: snapshot.config.checkpointId,
    parentId: snapshot.parentConfig?.checkpointId ?? null,
    step: snapshot.metadata.step,
    values: snapshot.values,
  };
}

function compile(def: GraphDef, store: EngineStore): EngineGraph {
  const { saver } = store as ChronographStore;
  const channels = Object.fromEntries(Object.entries(def.channels).map(([name, channel]) => [name, channelFor(channel)]));
  const builder = new StateGraph<Values>({ name: def.name, channels });
  for (const node of def.nodes) builder.addNode(node.name, node.run);
  for (const [from, to] of def.edges) builder.addEdge(endpoint(from), endpoint(to));
  for (const branch of def.branches) builder.addConditionalEdges(branch.from, (state) => endpoint(branch.route(state)), branch.targets.map(endpoint));
  const graph = builder.compile({ checkpointer: saver });

  return {
    run: (threadId, input) => graph.invoke(input, { threadId, recursionLimit: RECURSION_LIMIT }),
    async history(threadId, limit) {
      const snapshots = await graph.getStateHistory({ threadId }, limit ? { limit } : {});
      return snapshots.map(toEntry);
    },
    async load(threadId, checkpointId) {
      return toEntry(await graph.getState({ threadId, checkpointId }));
    },
    async checkpointIds(threadId) {
      const tuples = await saver!.list(threadId, { withValues: false });
      return tuples.map((tuple) => tuple.record.checkpointId);
    },
  };
}

export const chronograph: Engine = {
  name: "chronograph",
  label: "Chronograph (this repo)",
  stores: ["sqlite", "memory", "none"],
  async openStore(kind, path) {
    if (kind === "none") return new ChronographStore(kind, undefined, undefined);
    if (kind === "memory") return new ChronographStore(kind, new MemorySaver(), undefined);
    if (!path) throw new Error("a sqlite store needs a path");
    const saver = SqliteSaver.open(path);
    return new ChronographStore(kind, saver, saver);
  },
  compile,
};
