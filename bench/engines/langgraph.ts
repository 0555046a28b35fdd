/**
 * LangGraph.js, set up exactly as its docs show a user: StateGraph over an Annotation.Root with reducers,
 * SqliteSaver.fromConnString for files, MemorySaver in memory, `durability: "sync"` on every invoke.
 */
import { readFileSync } from "node:fs";
import { Annotation, END, MemorySaver, START, StateGraph, type BaseCheckpointSaver, type StateSnapshot } from "@langchain/langgraph";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import Database from "better-sqlite3";
import { GRAPH_END, GRAPH_START } from "../engine.ts";
import type { ChannelDef, Engine, EngineGraph, EngineStore, GraphDef, HistoryEntry, SqliteSettings, StoreKind, Values } from "../engine.ts";
import { readSettings } from "../sqlite-file.ts";

const RECURSION_LIMIT = 1_000_000;

/** The slice of LangGraph's builder and compiled graph the adapter uses; its generics track node names we build dynamically. */
interface Builder {
  addNode(name: string, fn: (state: Values) => Values): Builder;
  addEdge(from: string, to: string): Builder;
  addConditionalEdges(from: string, route: (state: Values) => string, targets: string[]): Builder;
  compile(options: { checkpointer?: BaseCheckpointSaver }): Compiled;
}

interface Compiled {
  invoke(input: Values, config: object): Promise<Values>;
  getStateHistory(config: object, options?: { limit?: number }): AsyncIterable<StateSnapshot>;
  getState(config: object): Promise<StateSnapshot>;
}

class LangGraphStore implements EngineStore {
  constructor(
    readonly kind: StoreKind,
    readonly saver: BaseCheckpointSaver | undefined,
    readonly sqlite: SqliteSaver | undefined,
  ) {}

  async close(): Promise<void> {
    this.sqlite?.db.close();
  }

  settings(): SqliteSettings | null {
    return this.sqlite ? readSettings(this.sqlite.db) : null;
  }
}

function annotationFor(channel: ChannelDef) {
  if (channel.reducer === "last") return Annotation<unknown>();
  return Annotation<unknown[]>({ reducer: (left, right) => left.concat(right), default: () => [] });
}

function endpoint(name: string): string {
  if (name === GRAPH_START) return START;
  if (name === GRAPH_END) return END;
  return name;
}

function toEntry(snapshot: StateSnapshot): HistoryEntry {
  const id = snapshot.config.configurable?.checkpoint_id as string | undefined;
  if (!id) throw new Error("LangGraph snapshot without checkpoint_id");
  return {
    checkpointId: id,
    parentId: (snapshot.parentConfig?.configurable?.checkpoint_id as string | undefined) ?? null,
    step: snapshot.metadata?.step ?? Number.NaN,
    values: snapshot.values as Values,
  };
}

function compile(def: GraphDef, store: EngineStore): EngineGraph {
  const { saver, sqlite } = store as LangGraphStore;
  const fields = Object.fromEntries(Object.entries(def.channels).map(([name, channel]) => [name, annotationFor(channel)]));
  let builder = new StateGraph(Annotation.Root(fields)) as unknown as Builder;
  for (const node of def.nodes) builder = builder.addNode(node.name, node.run);
  for (const [from, to] of def.edges) builder = builder.addEdge(endpoint(from), endpoint(to));
  for (const branch of def.branches) {
    builder = builder.addConditionalEdges(branch.from, (state) => endpoint(branch.route(state)), branch.targets.map(endpoint));
  }
  const graph = builder.compile({ checkpointer: saver });
  const threadConfig = (threadId: string) => ({ configurable: { thread_id: threadId } });

  return {
    run: (threadId, input) => graph.invoke(input, { ...threadConfig(threadId), durability: "sync", recursionLimit: RECURSION_LIMIT }),
    async history(threadId, limit) {
      const entries: HistoryEntry[] = [];
      for await (const snapshot of graph.getStateHistory(threadConfig(threadId), limit ? { limit } : undefined)) entries.push(toEntry(snapshot));
      return entries;
    },
    async load(threadId, checkpointId) {
      return toEntry(await graph.getState({ configurable: { thread_id: threadId, checkpoint_id: checkpointId } }));
    },
    async checkpointIds(threadId) {
      if (sqlite) {
        const rows = sqlite.db
          .prepare("SELECT checkpoint_id AS id FROM checkpoints WHERE thread_id = ? AND checkpoint_ns = '' ORDER BY checkpoint_id DESC")
          .all(threadId) as Array<{ id: string }>;
        return rows.map((row) => row.id);
      }
      const ids: string[] = [];
      for await (const tuple of saver!.list(threadConfig(threadId))) ids.push(tuple.config.configurable?.checkpoint_id as string);
      return ids;
    },
  };
}

const version = (JSON.parse(readFileSync(new URL("../../node_modules/@langchain/langgraph/package.json", import.meta.url), "utf8")) as { version: string }).version;

export const langgraph: Engine = {
  name: "langgraph",
  label: `LangGraph.js ${version}`,
  stores: ["sqlite", "memory", "none"],
  async openStore(kind, path) {
    if (kind === "none") return new LangGraphStore(kind, undefined, undefined);
    if (kind === "memory") return new LangGraphStore(kind, new MemorySaver(), undefined);
    if (!path) throw new Error("a sqlite store needs a path");
    const saver = SqliteSaver.fromConnString(path);
    return new LangGraphStore(kind, saver, saver);
  },
  compile,
  serializedBytes(path) {
    const db = new Database(path, { readonly: true });
    try {
      const checkpoints = db.prepare("SELECT coalesce(sum(length(checkpoint) + length(metadata)), 0) AS n FROM checkpoints").get() as { n: number };
      const writes = db.prepare("SELECT coalesce(sum(length(value)), 0) AS n FROM writes").get() as { n: number };
      return checkpoints.n + writes.n;
    } finally {
      db.close();
    }
  },
};
