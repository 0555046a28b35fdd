/**
 * Lights the graph for one checkpoint: which nodes wrote it (ran), which run next, which failed or wait
 * on an interrupt, and which edges the run took between them. While a run is in flight, its live node
 * states (running, done, failed) are laid over the checkpoint's lighting.
 */
import { END, START } from "../../core/api/nodes.ts";
import type { CheckpointEntry, GraphView } from "../../core/api/types.ts";
import type { LiveNodeState } from "./run-progress.ts";

/** Nodes the run stopped at in this checkpoint: those waiting on an interrupt, then a breakpoint's nodes. Both show amber. */
export function stoppedAt(entry: CheckpointEntry): string[] {
  return [...new Set([...entry.interrupted, ...(entry.breakpoint?.nodes ?? [])])];
}

export interface NodeLight {
  ran: boolean;
  next: boolean;
  failed: boolean;
  interrupted: boolean;
  running: boolean;
}

/** The one state a node is drawn in when several apply: the most urgent wins. */
export type NodeTone = "failed" | "interrupted" | "running" | "next" | "ran" | "idle";

export interface GraphLighting {
  nodes: Map<string, NodeLight>;
  /** Edge keys ("from->to") that the run took into this checkpoint or takes out of it. */
  edges: Set<string>;
}

export const edgeKey = (from: string, to: string): string => `${from}->${to}`;

const DARK: NodeLight = { ran: false, next: false, failed: false, interrupted: false, running: false };

export function toneOf(light: NodeLight | undefined): NodeTone {
  if (!light) return "idle";
  if (light.failed) return "failed";
  if (light.interrupted) return "interrupted";
  if (light.running) return "running";
  if (light.next) return "next";
  if (light.ran) return "ran";
  return "idle";
}

export function lightGraph(graph: GraphView, entry: CheckpointEntry | null, live?: ReadonlyMap<string, LiveNodeState>): GraphLighting {
  const nodes = new Map<string, NodeLight>(graph.nodes.map((node) => [node.id, { ...DARK }]));
  const edges = new Set<string>();
  const light = (id: string, change: Partial<NodeLight>) => {
    const current = nodes.get(id);
    if (current) Object.assign(current, change);
  };
  if (entry) {
    const writers = entry.source === "input" && entry.writers.length === 0 ? [START] : entry.writers;
    for (const writer of writers) light(writer, { ran: true });
    for (const next of entry.next) light(next, { next: true });
    for (const failed of entry.errors) light(failed, { failed: true });
    const stopped = stoppedAt(entry);
    for (const waiting of stopped) light(waiting, { interrupted: true });
    const finished = entry.next.length === 0 && entry.errors.length === 0 && stopped.length === 0 && entry.source !== "input";
    if (finished) light(END, { next: true });
    const targets = finished ? [...entry.next, END] : entry.next;
    const present = new Set(graph.edges.map((edge) => edgeKey(edge.from, edge.to)));
    for (const from of writers) for (const to of targets) if (present.has(edgeKey(from, to))) edges.add(edgeKey(from, to));
  }
  if (live) {
    for (const [node, state] of live) {
      if (state === "running") light(node, { running: true });
      else if (state === "failed") light(node, { failed: true, running: false });
      else light(node, { ran: true, running: false });
    }
  }
  return { nodes, edges };
}
