/**
 * Deciding what runs next, apart from doing it: the tasks that follow a step's finished nodes (fixed
 * edges, joins whose sources have all arrived, routers, Command destinations, Sends). No I/O here;
 * routers are the only user code called.
 */
import { ChronographError } from "../api/errors.ts";
import { arrive } from "../channels/barrier.ts";
import type { TaskSpec, TaskUpdate } from "../checkpoint/types.ts";
import { isSend } from "../graph/command.ts";
import { END } from "../graph/constants.ts";
import type { GraphSpec, State } from "../graph/types.ts";
import { stateView, type FinishedTask } from "./decide.ts";

export interface NextStep {
  tasks: TaskSpec[];
  /** New values for join channels that changed. */
  barriers: Record<string, string[]>;
}

/**
 * The tasks triggered by `finished` nodes (START for an input), given the state after their writes:
 * fixed edges, joins whose sources have all finished, routers, and Command destinations. A node triggered
 * several times runs once; every Send is its own task.
 */
export async function nextTasks(spec: GraphSpec, values: Record<string, unknown>, finished: readonly FinishedNode[]): Promise<NextStep> {
  return planNext(spec, values, finished);
}

/** What nextTasks reads of a finished node. */
export type FinishedNode = { node: string; goto: TaskUpdate["goto"]; followEdges?: boolean };

/**
 * nextTasks without a promise when no finished node has a router (the usual superstep): the loop then
 * plans the next checkpoint in the same tick, without an async frame per superstep.
 */
export function planNext(spec: GraphSpec, values: Record<string, unknown>, finished: readonly FinishedNode[]): NextStep | Promise<NextStep> {
  for (const entry of finished) if (entry.followEdges !== false && spec.branches.has(entry.node)) return routedNext(spec, values, finished);
  const plain: string[] = [];
  const sends: Array<{ node: string; arg: unknown }> = [];
  for (const { node, goto, followEdges = true } of finished) routeFixed(spec, plain, sends, node, goto, followEdges);
  return finishPlan(spec, values, finished, plain, sends);
}

/**
 * What runs after the finished tasks of a step (planNext over their nodes and Command destinations).
 * `followEdges` false: only their goto routes (an update with chosen next nodes). The usual superstep, one
 * task with fixed edges only and a graph without joins, is planned straight from its edges.
 */
export function planAfter(spec: GraphSpec, values: Record<string, unknown>, ordered: readonly FinishedTask[], followEdges: boolean): NextStep | Promise<NextStep> {
  if (ordered.length === 1 && followEdges && spec.joins.length === 0) {
    const { task, result } = ordered[0]!;
    if (result.goto.length === 0 && !spec.branches.has(task.node)) return { tasks: fixedTargets(spec, task.node).map(toTask), barriers: NO_BARRIERS };
  }
  const finished: FinishedNode[] = [];
  for (const { task, result } of ordered) finished.push({ node: task.node, goto: result.goto, followEdges });
  return planNext(spec, values, finished);
}

/** Each graph's fixed-edge targets by source node (END left out, each checked once), made on first use. */
const fixedTargetLists = new WeakMap<GraphSpec, Map<string, readonly string[]>>();

function fixedTargets(spec: GraphSpec, node: string): readonly string[] {
  let lists = fixedTargetLists.get(spec);
  if (!lists) {
    lists = new Map();
    fixedTargetLists.set(spec, lists);
  }
  let targets = lists.get(node);
  if (!targets) {
    const plain: string[] = [];
    for (const target of spec.edges.get(node) ?? []) trigger(spec, plain, node, target);
    targets = plain;
    lists.set(node, targets);
  }
  return targets;
}

const toTask = (node: string): TaskSpec => ({ id: node, node });

/** A finished node's fixed edges (unless `followEdges` is false) and its Command destinations. */
function routeFixed(spec: GraphSpec, plain: string[], sends: Array<{ node: string; arg: unknown }>, node: string, goto: TaskUpdate["goto"], followEdges: boolean): void {
  if (followEdges) for (const target of spec.edges.get(node) ?? []) trigger(spec, plain, node, target);
  for (const destination of goto) {
    if (typeof destination === "string") trigger(spec, plain, node, destination);
    else send(spec, sends, node, destination.node, destination.arg);
  }
}

async function routedNext(spec: GraphSpec, values: Record<string, unknown>, finished: readonly FinishedNode[]): Promise<NextStep> {
  const plain: string[] = [];
  const sends: Array<{ node: string; arg: unknown }> = [];
  let view: State | null = null;
  for (const { node, goto, followEdges = true } of finished) {
    // followEdges false (an edit whose next nodes were chosen): only `goto` routes, as if the node had no edges.
    routeFixed(spec, plain, sends, node, goto, followEdges);
    for (const branch of followEdges ? (spec.branches.get(node) ?? []) : []) {
      view ??= stateView(spec, values);
      const answer = await branch.router(view);
      for (const item of Array.isArray(answer) ? answer : [answer]) {
        if (isSend(item)) send(spec, sends, node, item.node, item.arg);
        else if (typeof item === "string") trigger(spec, plain, node, branch.pathMap ? mapPath(spec, node, branch.pathMap, item) : item);
        else throw new ChronographError("INVALID_UPDATE", `The router after node "${node}" returned ${JSON.stringify(item)}; expected a node name, END, a list, or Send items.`, { node });
      }
    }
  }

  return finishPlan(spec, values, finished, plain, sends);
}

/** Joins whose sources have all arrived, then the tasks: plain ones in trigger order, then each Send. */
function finishPlan(spec: GraphSpec, values: Record<string, unknown>, finished: readonly FinishedNode[], plain: string[], sends: ReadonlyArray<{ node: string; arg: unknown }>): NextStep {
  if (spec.joins.length === 0) return { tasks: taskList(plain, sends), barriers: NO_BARRIERS };
  const barriers: Record<string, string[]> = {};
  const finishedNodes = finished.filter((entry) => entry.followEdges !== false).map((entry) => entry.node);
  for (const join of spec.joins) {
    if (!join.sources.some((source) => finishedNodes.includes(source))) continue;
    const arrived = (values[join.channel] as string[] | undefined) ?? [];
    const outcome = arrive(arrived, join.sources, finishedNodes);
    barriers[join.channel] = outcome.arrived;
    if (outcome.fired) trigger(spec, plain, join.sources.join("+"), join.target);
  }
  return { tasks: taskList(plain, sends), barriers };
}

/** What a step without joins changes in join channels: nothing (shared, never written to). */
const NO_BARRIERS: Record<string, string[]> = Object.freeze({}) as Record<string, string[]>;

/** The tasks: plain ones in trigger order, then each Send as its own task. */
function taskList(plain: readonly string[], sends: ReadonlyArray<{ node: string; arg: unknown }>): TaskSpec[] {
  const tasks: TaskSpec[] = [];
  for (const node of plain) tasks.push({ id: node, node });
  if (sends.length === 0) return tasks;
  const counts = new Map<string, number>();
  for (const { node, arg } of sends) {
    const index = counts.get(node) ?? 0;
    counts.set(node, index + 1);
    tasks.push({ id: `${node}#${index}`, node, send: { arg } });
  }
  return tasks;
}

/** Plan `target` once (END plans nothing); an unknown node names the node it came after. */
function trigger(spec: GraphSpec, plain: string[], from: string, target: string): void {
  if (target === END) return;
  if (!spec.nodes.has(target)) {
    throw new ChronographError("UNKNOWN_NODE", `After node "${from}", graph "${spec.name}" was asked to go to unknown node "${target}".`, { node: target });
  }
  if (!plain.includes(target)) plain.push(target);
}

/** Plan a Send to `node` with `arg`; an unknown node names the node that sent it. */
function send(spec: GraphSpec, sends: Array<{ node: string; arg: unknown }>, from: string, node: string, arg: unknown): void {
  if (!spec.nodes.has(node)) {
    throw new ChronographError("UNKNOWN_NODE", `Node "${from}" sent a task to unknown node "${node}" in graph "${spec.name}".`, { node });
  }
  sends.push({ node, arg });
}

function mapPath(spec: GraphSpec, from: string, pathMap: Record<string, string>, answer: string): string {
  if (Object.hasOwn(pathMap, answer)) return pathMap[answer]!;
  throw new ChronographError("UNKNOWN_NODE", `The router after node "${from}" answered "${answer}", which its targets map (${Object.keys(pathMap).join(", ")}) does not name.`, {
    node: from,
  });
}
