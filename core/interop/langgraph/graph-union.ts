/**
 * One graph per graph, not per thread: LangGraph databases store no graph, and one thread shows only
 * the nodes it ran. These pure functions merge the graphs inferred from every thread of a graph into
 * one drawing, and decide which threads belong to the same graph.
 *
 * - A namespace's graph key is its node-name path: `""` for the root, `outer|inner` for a subgraph
 *   reached through node `outer` then `inner` (task ids dropped), so every run of a subgraph shares one key.
 * - Threads with the same key belong to one graph when their node names overlap (transitively): two
 *   unrelated graphs kept in one file stay apart.
 * - The union keeps every node and edge seen. An edge is conditional when any thread saw it as such, or
 *   when only some of the threads whose source node routed anywhere took it.
 */
import type { GraphView } from "../../api/types.ts";

type Edge = GraphView["edges"][number];

/** The graph key of a namespace: its node names, task ids dropped (`a:1f|b:2e` → `a|b`). */
export function graphKey(namespace: string): string {
  if (namespace === "") return "";
  return namespace
    .split("|")
    .map((part) => part.split(":")[0]!)
    .join("|");
}

/** The named (non start/end) nodes of a view. */
function namedNodes(view: GraphView): string[] {
  return view.nodes.filter((node) => node.kind === "node").map((node) => node.id);
}

/**
 * Group the parts (one per thread) that draw the same graph: same key, overlapping node names.
 * Returns, per part index, the index of its group's first part.
 */
export function groupParts(parts: ReadonlyArray<{ key: string; view: GraphView }>): number[] {
  const parent = parts.map((_, index) => index);
  const find = (index: number): number => {
    while (parent[index] !== index) index = parent[index] = parent[parent[index]!]!;
    return index;
  };
  const owner = new Map<string, number>();
  parts.forEach((part, index) => {
    const names = namedNodes(part.view);
    // A thread that ran no node yet joins the first graph of its key.
    for (const name of names.length > 0 ? names : [""]) {
      const slot = `${part.key}\u0000${name}`;
      const seen = owner.get(slot);
      if (seen === undefined) owner.set(slot, index);
      else {
        const [a, b] = [find(seen), find(index)];
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  });
  return parts.map((_, index) => find(index));
}

/** Merge the views of one graph's threads into one drawing (see the file comment for the edge rule). */
export function unionGraphs(views: ReadonlyArray<GraphView>, name: string): GraphView {
  const nodes = new Map<string, GraphView["nodes"][number]>();
  const edges = new Map<string, { edge: Edge; threads: number }>();
  const routedIn = new Map<string, number>();
  let checkpoints = 0;
  for (const view of views) {
    checkpoints += view.inferredFrom ?? 0;
    for (const node of view.nodes) if (!nodes.has(node.id)) nodes.set(node.id, node);
    const sources = new Set<string>();
    for (const edge of view.edges) {
      sources.add(edge.from);
      const key = `${edge.from}\u0000${edge.to}`;
      const existing = edges.get(key);
      if (!existing) edges.set(key, { edge: { ...edge }, threads: 1 });
      else {
        existing.threads += 1;
        if (edge.kind === "conditional" && existing.edge.kind === "fixed") existing.edge.kind = "conditional";
      }
    }
    for (const source of sources) routedIn.set(source, (routedIn.get(source) ?? 0) + 1);
  }
  const order = (node: GraphView["nodes"][number]) => (node.kind === "start" ? 0 : node.kind === "end" ? 2 : 1);
  return {
    name,
    nodes: [...nodes.values()].sort((a, b) => order(a) - order(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    edges: [...edges.values()].map(({ edge, threads }) => ({
      ...edge,
      kind: edge.kind === "fixed" && threads < (routedIn.get(edge.from) ?? 0) ? "conditional" : edge.kind,
    })),
    origin: "inferred",
    inferredFrom: checkpoints,
  };
}
