/**
 * Where a node sends the run after an "edit state as node" (LangGraph's updateState runs the node's
 * outgoing edges; the file has no edges, so they come from history). In order of preference:
 * 1. the targets the caller names (`goto`; `[]` or `["__end__"]` means the run ends);
 * 2. the routes the node took in the step that produced the edited checkpoint;
 * 3. the one routing the node always took in this thread.
 * Anything else is refused with INVALID_UPDATE naming the node and what history shows.
 */
import { ChronographError } from "../../api/errors.ts";
import { END, START, TASKS, triggeredNode } from "../langgraph/channels.ts";
import type { LoadedCheckpoint } from "../langgraph/model.ts";
import type { HistoryViews } from "../langgraph/views.ts";

/** A routing write: the channel (`branch:to:X` or `join:...:X`) and the value LangGraph writes there. */
export interface Route {
  channel: string;
  value: unknown;
}

/**
 * The routing writes of an edit as `asNode` at `checkpoint`. `elsewhere` says whether a node this thread
 * never mentions exists in another thread of the file (same graph), for `goto` targets.
 */
export function resolveRoutes(views: HistoryViews, checkpoint: LoadedCheckpoint, asNode: string, goto?: readonly string[], elsewhere: (node: string) => boolean = () => false): Route[] {
  const { history } = views;
  if (goto !== undefined) return goto.filter((target) => target !== END).map((target) => routeTo(views, asNode, target, elsewhere));
  if (checkpoint.parentId !== null && checkpoint.source === "loop" && history.byId.has(checkpoint.parentId)) {
    const task = views.analyze(checkpoint.parentId).tasks.find((candidate) => candidate.name === asNode && candidate.results.length > 0);
    if (task) return task.results.filter((write) => write.channel !== TASKS && triggeredNode(write.channel) !== null).map((write) => ({ channel: write.channel, value: write.value }));
  }
  const observations = views.graph().routes.get(asNode) ?? [];
  const shapes = new Map<string, Route[]>();
  for (const observation of observations) {
    const routes = observation.routes.filter((route) => route.channel !== TASKS);
    shapes.set(routes.map((route) => route.channel).sort().join(" + "), routes);
  }
  if (shapes.size === 1) return [...shapes.values()][0]!;
  const where = history.describe(checkpoint.id);
  const seen = shapes.size > 1 ? `; history shows it routing to ${[...shapes.keys()].map((shape) => shape || "the end").join(", or ")}` : "; it never finished a step in this thread";
  throw new ChronographError("INVALID_UPDATE", `Cannot tell where node "${asNode}" sends the run after an edit of ${where}${seen}. Name the next nodes (goto).`, {
    thread: history.threadId,
    checkpoint: checkpoint.id,
    node: asNode,
  });
}

/** The routing write that makes `target` run after `asNode`: its join channel when it waits on one. */
function routeTo(views: HistoryViews, asNode: string, target: string, elsewhere: (node: string) => boolean): Route {
  const { history } = views;
  if (target === START || target.startsWith("__") || (!history.nodes.has(target) && !elsewhere(target))) {
    throw new ChronographError("UNKNOWN_NODE", `Node "${target}" does not appear in "${history.file}" (looked in thread "${history.threadId}" and the others); it cannot run next.`, { thread: history.threadId, node: target });
  }
  const channels = new Set(history.ordered.flatMap((checkpoint) => Object.keys(checkpoint.versions)));
  const join = [...channels].find((channel) => channel.startsWith("join:") && triggeredNode(channel) === target && channel.slice(5, channel.lastIndexOf(":")).split("+").includes(asNode));
  const channel = join ?? `branch:to:${target}`;
  const observed = views.graph().routes.get(asNode)?.flatMap((observation) => observation.routes).find((route) => route.channel === channel);
  return { channel, value: join ? asNode : (observed?.value ?? null) };
}
