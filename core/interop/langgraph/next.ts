/**
 * Which tasks run from a checkpoint (docs/langgraph-format.md, section 9.3), from channel names and versions alone: push tasks for
 * the Send packets waiting in `__pregel_tasks`, then pull tasks for every node with a trigger channel
 * that is available and newer than what the node last saw. The checkpoint's null-task writes (a
 * `Command(goto=...)` given as input) are applied first. Pure; no graph code needed.
 */
import { compareVersions, joinSources, nullVersionLike, START, TASKS, triggeredNode, type Version } from "./channels.ts";
import { fieldsOf, type LoadedCheckpoint, type LoadedWrite } from "./model.ts";

export interface PlannedTask {
  name: string;
  kind: "pull" | "push";
  /** Pull: the trigger channels that fired, in the node's trigger order. */
  fired: string[];
  /** Push: the packet's position in the checkpoint's task list. */
  packetIndex?: number;
  /** Push: what the packet hands the node. */
  packetArg?: unknown;
}

/** The node a Send packet targets: LangGraph.js `{node, args}`, Python `{"$send": node, arg}`. */
export function packetNode(packet: unknown): string | null {
  const fields = fieldsOf(packet);
  if (typeof fields.$send === "string") return fields.$send;
  return typeof fields.node === "string" ? fields.node : null;
}

function packetArg(packet: unknown): unknown {
  const fields = fieldsOf(packet);
  return "$send" in fields ? fields.arg : fields.args;
}

/** Items of a join channel's stored value: a list (JS) or a Python set. */
function joinSeen(value: unknown): unknown[] {
  if (Array.isArray(value)) return Array.isArray(value[0]) ? value[0] : value;
  const fields = fieldsOf(value);
  if (Array.isArray(fields.$set)) return fields.$set;
  return [];
}

export interface NextInput {
  checkpoint: LoadedCheckpoint;
  /** Writes of the null task stored against the checkpoint. */
  nullWrites: LoadedWrite[];
  /** Send packets of format < 4 checkpoints, kept outside channel_values (section 3.3). */
  legacySends: unknown[] | null;
  /** Every node name known in this namespace. */
  nodes: ReadonlySet<string>;
}

/** The tasks LangGraph schedules from the checkpoint: push tasks in packet order, then pull tasks. */
export function plannedTasks(input: NextInput): PlannedTask[] {
  const { checkpoint } = input;
  const values = { ...checkpoint.channelValues };
  const fresh = new Set<string>();
  const packets = [...(input.legacySends ?? (Array.isArray(values[TASKS]) ? (values[TASKS] as unknown[]) : []))];
  for (const write of input.nullWrites) {
    if (write.channel === TASKS) packets.push(write.value);
    else if (write.channel.startsWith("join:")) values[write.channel] = [...joinSeen(values[write.channel]), write.value];
    else if (triggeredNode(write.channel) !== null) values[write.channel] = write.value;
    else continue;
    fresh.add(write.channel);
  }
  const tasks: PlannedTask[] = [];
  packets.forEach((packet, index) => {
    const name = packetNode(packet);
    if (name !== null) tasks.push({ name, kind: "push", fired: [], packetIndex: index, packetArg: packetArg(packet) });
  });
  const { rank, end, routing } = channelShape(checkpoint, values, fresh);
  const pulls: Array<{ task: PlannedTask; rank: number }> = [];
  for (const node of input.nodes) {
    const triggers = triggersOf(node, routing, checkpoint);
    const fired = triggers.filter((channel) => available(channel, values) && newer(channel, node, checkpoint, fresh));
    if (fired.length === 0) continue;
    let first = end;
    for (const channel of fired) {
      const at = rank.get(channel);
      if (at !== undefined && at < first) first = at;
    }
    pulls.push({ task: { name: node, kind: "pull", fired }, rank: first });
  }
  pulls.sort((a, b) => a.rank - b.rank || (a.task.name < b.task.name ? -1 : 1));
  return [...tasks, ...pulls.map((pull) => pull.task)];
}

/**
 * What ranks pull tasks and names their triggers, from a checkpoint's channel names alone: each channel's rank (its
 * first place among the versions, then the fresh writes; `end` is past them all) and the routing channels naming
 * each node, in the order of the versions, then the values, then the fresh writes.
 */
interface ChannelShape {
  versioned: string[];
  valueKeys: string[];
  rank: Map<string, number>;
  end: number;
  routing: Map<string, string[]>;
}

/**
 * The last shape made without fresh writes: the checkpoints of a thread name the same channels over and over, so
 * the next one usually reuses it (20,000 checkpoints each built their own). Never changed once made.
 */
let lastShape: ChannelShape | undefined;

/** Whether two lists hold the same strings in the same order (channel names, a task's fired channels). */
export const sameStrings = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item, index) => item === b[index]);

function channelShape(checkpoint: LoadedCheckpoint, values: Record<string, unknown>, fresh: Set<string>): ChannelShape {
  const versioned = Object.keys(checkpoint.versions);
  const valueKeys = Object.keys(values);
  const cached = lastShape;
  if (fresh.size === 0 && cached && sameStrings(cached.versioned, versioned) && sameStrings(cached.valueKeys, valueKeys)) return cached;
  const rank = new Map<string, number>();
  versioned.forEach((channel, index) => rank.set(channel, index));
  let end = versioned.length;
  for (const channel of fresh) {
    if (!rank.has(channel)) rank.set(channel, end);
    end += 1;
  }
  const names = new Set<string>(versioned);
  for (const channel of valueKeys) names.add(channel);
  for (const channel of fresh) names.add(channel);
  const routing = new Map<string, string[]>();
  for (const channel of names) {
    const node = triggeredNode(channel);
    if (node === null) continue;
    const list = routing.get(node);
    if (list) list.push(channel);
    else routing.set(node, [channel]);
  }
  const shape = { versioned, valueKeys, rank, end, routing };
  if (fresh.size === 0) lastShape = shape;
  return shape;
}

/** Channels that can trigger `node`: routing channels naming it, and (old layouts) what it has seen. */
function triggersOf(node: string, routing: ReadonlyMap<string, string[]>, checkpoint: LoadedCheckpoint): string[] {
  const triggers = [...(routing.get(node) ?? [])];
  for (const channel of Object.keys(checkpoint.versionsSeen[node] ?? {})) if (!triggers.includes(channel)) triggers.push(channel);
  return node === START ? triggers.filter((channel) => channel === START) : triggers;
}

function available(channel: string, values: Record<string, unknown>): boolean {
  if (!(channel in values)) return false;
  if (!channel.startsWith("join:")) return true;
  const seen = new Set(joinSeen(values[channel]));
  return joinSources(channel).every((source) => seen.has(source));
}

function newer(channel: string, node: string, checkpoint: LoadedCheckpoint, fresh: Set<string>): boolean {
  if (fresh.has(channel)) return true;
  const version: Version | undefined = checkpoint.versions[channel];
  if (version === undefined) return false;
  const seen = checkpoint.versionsSeen[node]?.[channel] ?? nullVersionLike(version);
  return compareVersions(version, seen) > 0;
}
