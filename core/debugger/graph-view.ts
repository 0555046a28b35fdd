/**
 * A graph as the app draws it: START, the nodes, END, and edges marked fixed, conditional or join.
 * Built from the topology stored with the checkpoints (or loaded from code), or, when neither exists,
 * inferred from which nodes followed which in the history. Pure functions.
 */
import type { CheckpointEntry, GraphView } from "../api/types.ts";
import { END, START } from "../graph/constants.ts";
import type { GraphDescription } from "../graph/describe.ts";

type Edge = GraphView["edges"][number];

function edgeList(): { add(edge: Edge): void; all: Edge[] } {
  const seen = new Set<string>();
  const all: Edge[] = [];
  return {
    all,
    add(edge) {
      const key = `${edge.from}\u0000${edge.to}\u0000${edge.kind}`;
      if (seen.has(key)) return;
      seen.add(key);
      all.push(edge);
    },
  };
}

function nodesOf(names: Iterable<string>): GraphView["nodes"] {
  return [{ id: START, kind: "start" }, ...[...names].map((id) => ({ id, kind: "node" as const })), { id: END, kind: "end" }];
}

/**
 * The drawable form of a stored or loaded topology. A conditional edge whose targets were not declared
 * may go anywhere, so it is drawn to every node and END.
 */
export function toGraphView(description: GraphDescription, origin: "stored" | "code"): GraphView {
  const names = description.nodes.map((node) => node.name);
  const edges = edgeList();
  for (const edge of description.edges) edges.add({ from: edge.from, to: edge.to, kind: edge.join ? "join" : "fixed" });
  for (const branch of description.conditional) {
    for (const to of branch.targets ?? [...names, END]) edges.add({ from: branch.from, to, kind: "conditional" });
  }
  return { name: description.name, nodes: nodesOf(names), edges: edges.all, origin };
}

/**
 * A topology guessed from a thread's history (entries in any order): every node that wrote or was
 * planned, an edge from START to the nodes planned by an input, an edge from each checkpoint's writers to
 * the nodes planned next, and to END when nothing was planned. Every edge is "fixed": the history cannot
 * tell a router from an edge.
 */
export function inferGraphView(name: string, entries: readonly CheckpointEntry[]): GraphView {
  const names = new Set<string>();
  const edges = edgeList();
  const ordered = [...entries].sort((a, b) => a.step - b.step);
  for (const entry of ordered) {
    for (const node of [...entry.writers, ...entry.next]) names.add(node);
    const sources = entry.source === "input" ? [START] : entry.writers;
    for (const from of sources) {
      if (entry.next.length === 0 && from !== START) edges.add({ from, to: END, kind: "fixed" });
      for (const to of entry.next) edges.add({ from, to, kind: "fixed" });
    }
  }
  return { name, nodes: nodesOf(names), edges: edges.all, origin: "inferred", inferredFrom: entries.length };
}
