/**
 * What "edit state as node X" writes (docs/langgraph-format.md, section 11), decided once for both dialects. Like LangGraph's
 * updateState: the new checkpoint is a child of the edited one, step + 1; the edited channels and X's
 * routes are written and get one new version (next after the largest); ephemeral channels that were
 * set and not rewritten are cleared with that version; versions_seen is kept, with an entry for X.
 * Unlike updateState, values are the channels' new contents, not reducer inputs (the reducers are not
 * in the file): the debugger shows contents and the user edits contents. Pure.
 */
import { ChronographError } from "../../api/errors.ts";
import { isInternalChannel, START, TASKS, triggeredNode, type Version } from "../langgraph/channels.ts";
import type { LoadedCheckpoint } from "../langgraph/model.ts";
import { plannedTasks } from "../langgraph/next.ts";
import type { HistoryViews } from "../langgraph/views.ts";
import type { NamespaceHistory } from "../langgraph/history.ts";
import type { Route } from "./routes.ts";

export interface UpdatePlan {
  parent: LoadedCheckpoint;
  asNode: string;
  step: number;
  /** The user's edited values, by channel. */
  values: Record<string, unknown>;
  /** Channels to set in channel_values, with shown values (the edits and the routes). */
  set: Map<string, unknown>;
  /** Channels to drop from channel_values. */
  remove: string[];
  /** Channels that get the new version. */
  bumped: string[];
  /** Channels the update left holding a value (Python's `updated_channels`), sorted. */
  updated: string[];
  /** What the update "returned": the writes of its task, in order. */
  taskWrites: Array<[string, unknown]>;
  /** What runs next from the new checkpoint, as LangGraph will decide it. */
  next: string[];
}

const isEphemeral = (channel: string) => channel === START || channel.startsWith("branch:") || channel.startsWith("start:");

function joinAppend(current: unknown, node: string): unknown {
  if (current !== null && typeof current === "object" && !Array.isArray(current) && "$set" in current) {
    const items = (current as { $set: unknown[] }).$set;
    return items.includes(node) ? current : { $set: [...items, node] };
  }
  const items = Array.isArray(current) ? current : [];
  return items.includes(node) ? items : [...items, node];
}

/** Every state channel the namespace has ever held or been written. */
export function knownChannels(history: NamespaceHistory): Set<string> {
  const names = new Set<string>();
  for (const checkpoint of history.ordered) for (const channel of [...Object.keys(checkpoint.versions), ...Object.keys(checkpoint.channelValues)]) names.add(channel);
  for (const writes of history.writes.values()) for (const write of writes) names.add(write.channel);
  return new Set([...names].filter((channel) => !isInternalChannel(channel, history.nodes)));
}

/**
 * Plan the edit. `channelElsewhere` says whether a channel this thread never held exists in another
 * thread of the same file (a state key the run has not reached yet).
 */
export function planUpdate(
  views: HistoryViews,
  parent: LoadedCheckpoint,
  values: Record<string, unknown>,
  asNode: string,
  routes: Route[],
  newVersion: Version,
  channelElsewhere: (channel: string) => boolean = () => false,
): UpdatePlan {
  const { history } = views;
  const subject = { thread: history.threadId, checkpoint: parent.id };
  if (asNode === START || !history.nodes.has(asNode)) {
    throw new ChronographError("UNKNOWN_NODE", `Node "${asNode}" does not appear in thread "${history.threadId}" of "${history.file}"; an edit can only be written as one of its nodes.`, { ...subject, node: asNode });
  }
  const known = knownChannels(history);
  for (const channel of Object.keys(values)) {
    if (isInternalChannel(channel, history.nodes)) {
      throw new ChronographError("INVALID_UPDATE", `Channel "${channel}" is LangGraph bookkeeping, not state; it cannot be edited (${history.describe(parent.id)}).`, { ...subject, channel });
    }
    if (!known.has(channel) && !channelElsewhere(channel)) {
      throw new ChronographError("UNKNOWN_CHANNEL", `Channel "${channel}" does not exist in thread "${history.threadId}" of "${history.file}".`, { ...subject, channel });
    }
  }
  const set = new Map<string, unknown>(Object.entries(values));
  for (const route of routes) set.set(route.channel, route.channel.startsWith("join:") ? joinAppend(set.get(route.channel) ?? parent.channelValues[route.channel], asNode) : route.value);
  const remove = Object.keys(parent.channelValues).filter((channel) => isEphemeral(channel) && !set.has(channel));
  const tasks = parent.channelValues[TASKS];
  if (Array.isArray(tasks) && tasks.length > 0 && !set.has(TASKS)) set.set(TASKS, []);
  const bumped = [...set.keys(), ...remove];
  const child: LoadedCheckpoint = {
    ...parent,
    channelValues: { ...Object.fromEntries(Object.entries(parent.channelValues).filter(([channel]) => !remove.includes(channel))), ...Object.fromEntries(set) },
    versions: { ...parent.versions, ...Object.fromEntries(bumped.map((channel) => [channel, newVersion])) },
    versionsSeen: { ...parent.versionsSeen, [asNode]: parent.versionsSeen[asNode] ?? {} },
  };
  const nodes = new Set([...history.nodes, ...routes.map((route) => triggeredNode(route.channel)).filter((node): node is string => node !== null)]);
  const next = plannedTasks({ checkpoint: child, nullWrites: [], legacySends: null, nodes }).map((task) => task.name);
  return {
    parent,
    asNode,
    step: parent.step + 1,
    values,
    set,
    remove,
    bumped,
    updated: [...set.keys()].filter((channel) => channel !== TASKS).sort(),
    taskWrites: [...Object.entries(values), ...routes.map((route): [string, unknown] => [route.channel, route.channel.startsWith("join:") ? asNode : route.value])],
    next,
  };
}
