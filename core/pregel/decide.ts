/**
 * Deciding a superstep, apart from doing it: fold the finished tasks' writes into the channels, pick the
 * next tasks, check breakpoints. No I/O here; routers are the only user code called.
 */
import { ChronographError } from "../api/errors.ts";
import { arrive } from "../channels/barrier.ts";
import type { ChannelWrite } from "../channels/base.ts";
import type { Breakpoint } from "../api/types.ts";
import type { ChannelBlob, TaskSpec, TaskUpdate } from "../checkpoint/types.ts";
import { assertJsonSafe } from "../checkpoint/serde.ts";
import { isSend } from "../graph/command.ts";
import { END, START } from "../graph/constants.ts";
import type { GraphSpec, State } from "../graph/types.ts";

/** A task that finished with an update (possibly empty) and optional Command destinations. */
export interface FinishedTask {
  task: TaskSpec;
  result: TaskUpdate;
}

export interface ChannelState {
  /** Materialized values of every channel that has a version (hidden channels included). */
  values: Record<string, unknown>;
  versions: Record<string, string>;
}

export interface AppliedStep extends ChannelState {
  blobs: ChannelBlob[];
  /** What each node returned, as the checkpoint records it. */
  writes: Record<string, unknown>;
}

/** Finished tasks in the engine's fixed order: by node name, then in task order. */
export function orderFinished(finished: readonly FinishedTask[], tasks: readonly TaskSpec[]): readonly FinishedTask[] {
  if (finished.length < 2) return finished;
  const position = new Map(tasks.map((task, index) => [task.id, index]));
  return [...finished].sort((a, b) => {
    if (a.task.node !== b.task.node) return a.task.node < b.task.node ? -1 : 1;
    return (position.get(a.task.id) ?? 0) - (position.get(b.task.id) ?? 0);
  });
}

/**
 * Apply `ordered` (see orderFinished) through the reducers. Channels nobody wrote keep their version;
 * each written channel gets version `checkpointId` and one blob (a delta for append channels).
 * Throws UNKNOWN_CHANNEL / INVALID_UPDATE / UNSERIALIZABLE_VALUE naming the node and channel.
 */
export function applyWrites(spec: GraphSpec, before: ChannelState, ordered: readonly FinishedTask[], checkpointId: string, threadId: string): AppliedStep {
  const writes: Record<string, unknown> = {};
  const values = { ...before.values };
  const versions = { ...before.versions };
  const blobs: ChannelBlob[] = [];
  if (ordered.length === 1) {
    // The usual step: one task, so each channel it names has exactly that one write. Check every write before any reducer runs, as below.
    const { task, result } = ordered[0]!;
    const update = result.update;
    writes[task.node] = update;
    if (update === null) return { values, versions, blobs, writes };
    const channels = Object.keys(update);
    for (const channel of channels) if (update[channel] !== undefined) checkWrite(spec, task.node, channel, update[channel], threadId);
    for (const channel of channels) {
      const value = update[channel];
      if (value !== undefined) applyChannel(spec, values, versions, blobs, channel, [{ node: task.node, value }], checkpointId);
    }
    return { values, versions, blobs, writes };
  }

  const byChannel = new Map<string, ChannelWrite[]>();
  for (const { task, result } of ordered) {
    const update = result.update;
    recordWrite(writes, task.node, update);
    if (update === null) continue;
    for (const channel of Object.keys(update)) {
      const value = update[channel];
      if (value === undefined) continue;
      checkWrite(spec, task.node, channel, value, threadId);
      const list = byChannel.get(channel);
      if (list) list.push({ node: task.node, value });
      else byChannel.set(channel, [{ node: task.node, value }]);
    }
  }
  for (const [channel, channelWrites] of byChannel) applyChannel(spec, values, versions, blobs, channel, channelWrites, checkpointId);
  return { values, versions, blobs, writes };
}

/** A write names a channel of the graph and holds JSON-safe data, or the coded error names the node and channel. */
function checkWrite(spec: GraphSpec, node: string, channel: string, value: unknown, threadId: string): void {
  if (!Object.hasOwn(spec.channels, channel)) {
    const known = Object.keys(spec.channels).join(", ");
    const who = node === START ? "The input" : `Node "${node}"`;
    throw new ChronographError("UNKNOWN_CHANNEL", `${who} wrote to channel "${channel}", which graph "${spec.name}" does not have (channels: ${known}).`, {
      node,
      channel,
    });
  }
  // Strings, numbers and booleans are always JSON-safe: no walk and no origin object for them.
  const type = typeof value;
  if (type !== "string" && type !== "number" && type !== "boolean") assertJsonSafe(value, { channel, node, threadId });
}

/** Fold one channel's writes through its reducer: its new value, its version (`checkpointId`) and its blob (a delta for append channels). */
function applyChannel(
  spec: GraphSpec,
  values: Record<string, unknown>,
  versions: Record<string, string>,
  blobs: ChannelBlob[],
  channel: string,
  channelWrites: ChannelWrite[],
  checkpointId: string,
): void {
  const spec_ = spec.channels[channel]!;
  const current = Object.hasOwn(values, channel) ? values[channel] : spec_.initial();
  const value = spec_.update(channel, current, channelWrites);
  values[channel] = value;
  if (spec_.appended) {
    blobs.push({ channel, kind: "append", base: versions[channel] ?? null, items: spec_.appended(channelWrites), fromWrites: true });
  } else {
    blobs.push({ channel, kind: "full", value });
  }
  versions[channel] = checkpointId;
}

// Updates are objects or null, never lists, so a list unambiguously means "this node ran several times".
function recordWrite(writes: Record<string, unknown>, node: string, update: Record<string, unknown> | null): void {
  if (!Object.hasOwn(writes, node)) writes[node] = update;
  else if (Array.isArray(writes[node])) (writes[node] as unknown[]).push(update);
  else writes[node] = [writes[node], update];
}

/** The state as nodes and routers see it: every declared channel, with its default when it has no value. */
export function stateView(spec: GraphSpec, values: Record<string, unknown>): State {
  const view: State = {};
  for (const [channel, kind] of declaredChannels(spec)) view[channel] = Object.hasOwn(values, channel) ? values[channel] : kind.initial();
  return view;
}

/** Each graph's declared channels as a list, made once per channel map instead of once per superstep. */
const channelLists = new WeakMap<GraphSpec["channels"], ReadonlyArray<readonly [string, GraphSpec["channels"][string]]>>();

function declaredChannels(spec: GraphSpec): ReadonlyArray<readonly [string, GraphSpec["channels"][string]]> {
  let list = channelLists.get(spec.channels);
  if (!list) {
    list = Object.entries(spec.channels);
    channelLists.set(spec.channels, list);
  }
  return list;
}

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

/** Join-channel changes as blobs and versions, folded into an applied step. */
export function applyBarriers(applied: AppliedStep, barriers: Record<string, string[]>, checkpointId: string): void {
  for (const channel in barriers) {
    const arrived = barriers[channel]!;
    applied.values[channel] = arrived;
    applied.versions[channel] = checkpointId;
    applied.blobs.push({ channel, kind: "full", value: arrived });
  }
}

/** Whether the graph was compiled with interruptBefore or interruptAfter nodes (without, no step stops). */
export function hasBreakpoints(spec: GraphSpec): boolean {
  return spec.interruptAfter.size > 0 || spec.interruptBefore.size > 0;
}

/** Whether the run stops at the new checkpoint: after nodes that just ran, or before the next ones. */
export function staticBreakpoint(spec: GraphSpec, finishedNodes: readonly string[], next: readonly TaskSpec[]): Breakpoint | null {
  if (!hasBreakpoints(spec)) return null;
  const after = [...new Set(finishedNodes.filter((node) => spec.interruptAfter.has(node)))].sort();
  if (after.length > 0) return { when: "after", nodes: after };
  const before = [...new Set(next.map((task) => task.node).filter((node) => spec.interruptBefore.has(node)))].sort();
  return before.length > 0 ? { when: "before", nodes: before } : null;
}
