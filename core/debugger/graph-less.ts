/**
 * Edits without the graph's code. The stored topology says, for each channel, which reducer it has
 * (lastValue or append) and where each node leads, which is enough to write an update as a node the
 * way the engine does. What needs code is refused with GRAPH_MODULE naming it: a custom reducer, and
 * a node whose next step a router chooses. The checkpoint itself is the engine's own applyUpdate.
 */
import { ChronographError } from "../api/errors.ts";
import { barrierChannel } from "../channels/barrier.ts";
import { copyDefault, type Channel } from "../channels/base.ts";
import { append, lastValue } from "../channels/index.ts";
import type { Checkpointer, CheckpointRecord, CheckpointTuple } from "../checkpoint/types.ts";
import type { GraphDescription } from "../graph/describe.ts";
import type { GraphSpec, NodeFunction, State } from "../graph/types.ts";
import { applyUpdate } from "../pregel/step.ts";

const LOAD_CODE = "load the graph's module (--graph, or chronograph.config.json beside the database)";

function customChannel(graph: string, name: string, defaultValue: unknown): Channel {
  return {
    kind: "custom",
    initial: () => copyDefault(defaultValue),
    update() {
      throw new ChronographError("GRAPH_MODULE", `Channel "${name}" of graph "${graph}" has a custom reducer, which only the graph's code can apply: ${LOAD_CODE} to edit it.`, {
        channel: name,
      });
    },
  };
}

/** A GraphSpec that can apply updates and plan fixed edges, built from a stored description. */
export function specFromDescription(description: GraphDescription): GraphSpec {
  const graph = description.name;
  const channels: Record<string, Channel> = {};
  for (const channel of description.channels) {
    if (channel.reducer === "append") channels[channel.name] = append();
    else if (channel.reducer === "lastValue") channels[channel.name] = lastValue(channel.default);
    else channels[channel.name] = customChannel(graph, channel.name, channel.default);
  }
  const codeOnly = (node: string): NodeFunction<State> => () => {
    throw new ChronographError("GRAPH_MODULE", `Node "${node}" of graph "${graph}" cannot run without its code: ${LOAD_CODE}.`, { node });
  };
  const nodes: GraphSpec["nodes"] = new Map(
    description.nodes.map((node) => [node.name, { fn: codeOnly(node.name), retry: node.retry ?? null, ends: [] as string[] }]),
  );
  const edges: GraphSpec["edges"] = new Map();
  const joins = new Map<string, GraphSpec["joins"][number]>();
  for (const edge of description.edges) {
    if (edge.join) {
      const sources = [...edge.join].sort();
      const channel = barrierChannel(sources, edge.to);
      joins.set(channel, { sources, target: edge.to, channel });
    } else {
      edges.set(edge.from, [...(edges.get(edge.from) ?? []), edge.to]);
    }
  }
  const branches: GraphSpec["branches"] = new Map();
  for (const branch of description.conditional) {
    const router = () => {
      throw new ChronographError(
        "GRAPH_MODULE",
        `After node "${branch.from}", graph "${graph}" chooses the next step in code (a conditional edge): ${LOAD_CODE} to write an update as "${branch.from}".`,
        { node: branch.from },
      );
    };
    branches.set(branch.from, [...(branches.get(branch.from) ?? []), { router, pathMap: null, targets: branch.targets }]);
  }
  return {
    name: graph,
    channels,
    nodes,
    edges,
    joins: [...joins.values()],
    branches,
    interruptBefore: new Set(description.interruptBefore),
    interruptAfter: new Set(description.interruptAfter),
  };
}

export interface GraphLessUpdate {
  spec: GraphSpec;
  /** The graph the new checkpoint names: the one that wrote `base`. */
  graph: { name: string; hash: string };
  base: CheckpointTuple;
  values: Record<string, unknown>;
  asNode: string;
  /** Chosen next nodes instead of `asNode`'s edges (applyUpdate's goto). */
  goto?: readonly string[];
  /** Where to write; undefined computes the checkpoint without storing it (a preview). */
  saver: Checkpointer | undefined;
}

/**
 * Write `values` as node `asNode` on top of `base`, as CompiledGraph.updateState does: a new "update"
 * checkpoint whose parent is `base`. Without a saver nothing is stored. Resolves to the new record.
 */
export async function applyGraphLessUpdate(update: GraphLessUpdate): Promise<CheckpointRecord> {
  const { record, blobs } = await applyUpdate({ spec: update.spec, graph: update.graph, base: update.base, values: update.values, asNode: update.asNode, ...(update.goto !== undefined ? { goto: update.goto } : {}) });
  if (update.saver) await update.saver.put(record, blobs);
  return record;
}
