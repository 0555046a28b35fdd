/**
 * Values of delta channels (docs/langgraph-format.md, section 3.4): a DeltaChannel is not stored in every checkpoint; its value is
 * the nearest ancestor's stored value (or snapshot) plus the channel's writes stored against every
 * checkpoint from that ancestor to the parent, oldest first. The reducer lives in the graph's code, so
 * without it the writes are replayed as LangGraph's common delta reducers do (append lists, messages
 * replaced by id, `Overwrite` resets); the result is reported as reconstructed, never as plain fact.
 */
import type { NamespaceHistory } from "./history.ts";
import { fieldsOf, type LoadedCheckpoint } from "./model.ts";

export interface DeltaValue {
  value: unknown;
  warning?: string;
}

/** Channels of the namespace that are delta channels. */
export function deltaChannels(history: NamespaceHistory): Set<string> {
  const channels = new Set<string>();
  for (const checkpoint of history.ordered) {
    for (const channel of Object.keys(fieldsOf(checkpoint.metadata.counters_since_delta_snapshot))) channels.add(channel);
    for (const [channel, value] of Object.entries(checkpoint.channelValues)) if (isSnapshot(value)) channels.add(channel);
  }
  return channels;
}

const isSnapshot = (value: unknown) => value !== null && typeof value === "object" && "$delta_snapshot" in value;
const unwrap = (value: unknown) => (isSnapshot(value) ? (value as { $delta_snapshot: unknown }).$delta_snapshot : value);

/**
 * The value of delta channel `channel` at `checkpoint`. A DeltaChannel is never empty: with nothing
 * stored or written yet it holds its initial value, `[]` unless the graph's code says otherwise.
 */
export function deltaValue(history: NamespaceHistory, checkpoint: LoadedCheckpoint, channel: string): DeltaValue {
  if (channel in checkpoint.channelValues) return { value: unwrap(checkpoint.channelValues[channel]) };
  const writes: unknown[][] = [];
  let seed: unknown;
  let seedId: string | null = null;
  let cursor = checkpoint.parentId;
  // A damaged file may have a parent cycle: every ancestor is visited once at most, so the walk ends.
  const visited = new Set<string>([checkpoint.id]);
  while (cursor !== null) {
    if (visited.has(cursor)) {
      return {
        value: { $unreadable: `delta channel "${channel}" cannot be rebuilt: the parent chain loops back to checkpoint "${cursor}"`, type: null, bytes: 0 },
        warning: `The value of delta channel "${channel}" at ${history.describe(checkpoint.id)} is unavailable: its parent chain loops back to checkpoint "${cursor}".`,
      };
    }
    visited.add(cursor);
    const ancestor = history.byId.get(cursor);
    if (!ancestor) {
      return {
        value: { $unreadable: `delta channel "${channel}" cannot be rebuilt: ancestor checkpoint "${cursor}" is missing`, type: null, bytes: 0 },
        warning: `The value of delta channel "${channel}" at ${history.describe(checkpoint.id)} is unavailable: its ancestor "${cursor}" is missing.`,
      };
    }
    writes.push(history.writesOf(ancestor.id).filter((write) => write.channel === channel).map((write) => write.value));
    if (channel in ancestor.channelValues) {
      seed = unwrap(ancestor.channelValues[channel]);
      seedId = ancestor.id;
      break;
    }
    cursor = ancestor.parentId;
  }
  const ordered = writes.reverse().flat();
  if (seedId === null && ordered.length === 0) {
    return { value: [], warning: `Delta channel "${channel}" has no value or write up to ${history.describe(checkpoint.id)}; shown as [], DeltaChannel's default initial value.` };
  }
  const value = ordered.reduce<unknown>(applyDelta, seed ?? []);
  const from = seedId ? `the value stored at checkpoint "${seedId}"` : "an empty list";
  return {
    value,
    warning: `Delta channel "${channel}" at ${history.describe(checkpoint.id)} was reconstructed from ${from} plus ${ordered.length} write(s), replayed as list appends (the graph's reducer is not in the file).`,
  };
}

function overwriteOf(write: unknown): { value: unknown } | null {
  const fields = fieldsOf(write);
  if ("__overwrite__" in fields) return { value: fields.__overwrite__ };
  if (typeof fields.$object === "string" && fields.$object.endsWith(".Overwrite")) return { value: fields.value };
  return null;
}

const idOf = (item: unknown) => {
  const id = fieldsOf(item).id;
  return typeof id === "string" ? id : null;
};

function applyDelta(base: unknown, write: unknown): unknown {
  const overwrite = overwriteOf(write);
  if (overwrite) return overwrite.value ?? [];
  if (!Array.isArray(base)) return write;
  const items = Array.isArray(write) ? write : [write];
  const next = [...base];
  for (const item of items) {
    const id = idOf(item);
    const at = id === null ? -1 : next.findIndex((existing) => idOf(existing) === id);
    const removal = fieldsOf(item).$message === "remove";
    if (removal) {
      if (at >= 0) next.splice(at, 1);
    } else if (at >= 0) next[at] = item;
    else next.push(item);
  }
  return next;
}
