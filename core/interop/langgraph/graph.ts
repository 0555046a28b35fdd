/**
 * The graph drawn from history (docs/langgraph-format.md, section 9.6): LangGraph databases do not store it. Nodes are every name
 * the namespace mentions; edges come from what each task wrote (`branch:to:B` → A→B, `join:...:N` →
 * A→N, a Send packet → A→B) and from tasks that routed nowhere before the run ended (A→END). A source
 * seen routing to different targets in different steps, or writing a non-null route (LangGraph.js
 * conditional edges write the source's name), has conditional edges. Also kept: which targets each node
 * routed to and which state channels it wrote, for the edit writer and for naming update writers.
 */
import type { GraphView } from "../../api/types.ts";
import { END, isInternalChannel, START, TASKS, triggeredNode } from "./channels.ts";
import type { NamespaceHistory } from "./history.ts";
import type { LoadedWrite } from "./model.ts";
import { packetNode } from "./next.ts";
import type { CheckpointAnalysis } from "./tasks.ts";

/** One time a node routed: the targets of its routing writes, with the value each route carried. */
export interface RouteObservation {
  /** Checkpoint the task started from. */
  from: string;
  /** Routing channels written, in write order, with their values (`[]` = routed to END). */
  routes: Array<{ channel: string; value: unknown }>;
}

export interface InferredGraph {
  view: GraphView;
  /** Per node: every observed routing, oldest first. */
  routes: Map<string, RouteObservation[]>;
  /** Per node: the state channels it has written. */
  wrote: Map<string, Set<string>>;
}

const isRoute = (channel: string) => channel === TASKS || (triggeredNode(channel) !== null && channel !== START);

/** Infer the graph of a namespace from its history; `analyze` gives each checkpoint's analysis (asked once per checkpoint: it need not cache). */
export function inferGraph(history: NamespaceHistory, analyze: (checkpointId: string) => CheckpointAnalysis, name: string): InferredGraph {
  const routes = new Map<string, RouteObservation[]>();
  const wrote = new Map<string, Set<string>>();
  const edges = new Map<string, { from: string; to: string; kind: "fixed" | "conditional" | "join"; valued: boolean }>();
  const addEdge = (from: string, to: string, kind: "fixed" | "conditional" | "join", valued: boolean) => {
    const key = `${from}\u0000${to}`;
    const existing = edges.get(key);
    if (!existing) edges.set(key, { from, to, kind, valued });
    else if (valued) existing.valued = true;
  };
  // A child's analysis (read ahead for endsRun) is held until the loop reaches the child (ids are creation
  // order: children come later), so an uncached `analyze` still runs once per checkpoint.
  const ahead = new Map<string, CheckpointAnalysis>();
  const readAhead = (id: string) => {
    let analysis = ahead.get(id);
    if (!analysis) ahead.set(id, (analysis = analyze(id)));
    return analysis;
  };
  for (const checkpoint of history.ordered) {
    const analysis = ahead.get(checkpoint.id) ?? analyze(checkpoint.id);
    ahead.delete(checkpoint.id);
    const children = (history.children.get(checkpoint.id) ?? []).filter((id) => history.byId.get(id)?.source === "loop");
    const endsRun = children.length > 0 && children.every((id) => readAhead(id).tasks.length === 0);
    for (const task of analysis.tasks) {
      if (task.results.length === 0) continue;
      const observed = routingOf(task.results);
      const written = wrote.get(task.name) ?? new Set<string>();
      for (const write of task.results) if (!isInternalChannel(write.channel, history.nodes)) written.add(write.channel);
      wrote.set(task.name, written);
      if (observed.length === 0 && !endsRun) continue;
      const seen = routes.get(task.name);
      if (seen) seen.push({ from: checkpoint.id, routes: observed });
      else routes.set(task.name, [{ from: checkpoint.id, routes: observed }]);
      for (const route of observed) addRouteEdge(addEdge, task.name, route);
      if (observed.length === 0) addEdge(task.name, END, "fixed", false);
    }
  }
  // Each channel name once, in first-seen order (a long thread repeats the same few in every checkpoint).
  const channels = new Set<string>();
  for (const checkpoint of history.ordered) for (const channel of Object.keys(checkpoint.versions)) channels.add(channel);
  for (const channel of channels) {
    const parts = channel.split(":");
    if (channel.startsWith("start:")) addEdge(START, channel.slice(6), "fixed", false);
    else if (parts[0] === "branch" && parts.length >= 4 && parts[1] !== "to") addEdge(parts[1]!, parts.slice(3).join(":"), "conditional", true);
  }
  const conditional = new Set<string>();
  for (const [node, observations] of routes) {
    const shapes = new Set(observations.map((observation) => observation.routes.map((route) => route.channel).sort().join("|")));
    if (shapes.size > 1) conditional.add(node);
  }
  const nodeIds = new Set([...history.nodes].filter((node) => node !== START && node !== END));
  const view: GraphView = {
    name,
    nodes: [
      { id: START, kind: "start" },
      ...[...nodeIds].sort().map((id) => ({ id, kind: "node" as const })),
      ...([...edges.values()].some((edge) => edge.to === END) ? [{ id: END, kind: "end" as const }] : []),
    ],
    edges: [...edges.values()].map((edge) => ({
      from: edge.from,
      to: edge.to,
      kind: edge.kind === "join" ? "join" : edge.valued || conditional.has(edge.from) ? "conditional" : edge.kind,
    })),
    origin: "inferred",
    inferredFrom: history.ordered.length,
  };
  return { view, routes, wrote };
}

function routingOf(writes: LoadedWrite[]): Array<{ channel: string; value: unknown }> {
  return writes.filter((write) => isRoute(write.channel)).map((write) => ({ channel: write.channel, value: write.value }));
}

function addRouteEdge(addEdge: (from: string, to: string, kind: "fixed" | "conditional" | "join", valued: boolean) => void, from: string, route: { channel: string; value: unknown }): void {
  if (route.channel === TASKS) {
    const target = packetNode(route.value);
    if (target !== null) addEdge(from, target, "conditional", true);
    return;
  }
  const target = triggeredNode(route.channel);
  if (target === null) return;
  if (route.channel.startsWith("join:")) addEdge(from, target, "join", false);
  else addEdge(from, target, "fixed", route.value !== null && route.value !== undefined);
}
