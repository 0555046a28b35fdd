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
import { packetNode } from "./next.ts";
import { type CheckpointAnalysis, plannedOf } from "./tasks.ts";

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

/** Infer the graph of a namespace from its history; `analyze` gives each checkpoint's analysis (asked once per checkpoint, in order: it need not cache). */
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
  // Whether a run ended after a checkpoint's step: every loop child plans no task (the planned tasks alone, kept on
  // the history: no child is analyzed ahead of its turn). Asked only for a task that routed nowhere.
  const endsRun = (id: string): boolean => {
    let children = 0;
    for (const child of history.children.get(id) ?? []) {
      const checkpoint = history.byId.get(child);
      if (checkpoint?.source !== "loop") continue;
      if (plannedOf(history, checkpoint).length > 0) return false;
      children += 1;
    }
    return children > 0;
  };
  for (const checkpoint of history.ordered) {
    const analysis = analyze(checkpoint.id);
    let ended: boolean | undefined;
    for (const task of analysis.tasks) {
      if (task.results.length === 0) continue;
      let written = wrote.get(task.name);
      if (!written) wrote.set(task.name, (written = new Set<string>()));
      const observed: Array<{ channel: string; value: unknown }> = [];
      for (const write of task.results) {
        if (isRoute(write.channel)) observed.push({ channel: write.channel, value: write.value });
        if (!written.has(write.channel) && !isInternalChannel(write.channel, history.nodes)) written.add(write.channel);
      }
      if (observed.length === 0 && !(ended ??= endsRun(checkpoint.id))) continue;
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
