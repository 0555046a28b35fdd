/**
 * Deciding a superstep, apart from doing it: fold the finished tasks' writes into the channels, give
 * the state nodes see, check breakpoints. Picking the next tasks lives in plan.ts. No I/O here.
 */
import { ChronographError } from "../api/errors.ts";
import type { ChannelWrite } from "../channels/base.ts";
import type { Breakpoint } from "../api/types.ts";
import type { ChannelBlob, TaskSpec, TaskUpdate } from "../checkpoint/types.ts";
import { assertJsonSafe } from "../checkpoint/serde.ts";
import { START } from "../graph/constants.ts";
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
