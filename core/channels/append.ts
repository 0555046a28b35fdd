import { ChronographError } from "../api/errors.ts";
import type { Channel, ChannelWrite } from "./base.ts";

/**
 * A list that grows: each write appends its items (an array is spread, anything else is one item).
 * Its storage is a delta per version, so a list that grows by one item per step costs linear bytes.
 */
export function append<T = unknown>(): Channel<T[]> {
  return {
    kind: "append",
    initial: () => [],
    update(channel, current, writes) {
      if (writes.length === 0) return current;
      if (!Array.isArray(current)) {
        throw new ChronographError("INVALID_UPDATE", `Channel "${channel}" is an append channel, but its current value is not a list.`, { channel });
      }
      return current.concat(appendedItems(writes) as T[]);
    },
    appended: appendedItems,
  };
}

function appendedItems(writes: ChannelWrite[]): unknown[] {
  const items: unknown[] = [];
  for (const write of writes) {
    if (Array.isArray(write.value)) for (const item of write.value) items.push(item);
    else items.push(write.value);
  }
  return items;
}

/**
 * The items a checkpoint's recorded writes appended to `channel`, in the engine's fixed order (node name,
 * then each node's updates in task order). Stores use it to rebuild a delta kept by reference.
 */
export function appendedFromWrites(writes: Record<string, unknown> | null, channel: string): unknown[] {
  if (!writes) return [];
  const ordered: ChannelWrite[] = [];
  for (const node of Object.keys(writes).sort()) {
    const recorded = writes[node];
    const updates = Array.isArray(recorded) ? recorded : [recorded];
    for (const update of updates) {
      if (update !== null && typeof update === "object" && channel in update) {
        ordered.push({ node, value: (update as Record<string, unknown>)[channel] });
      }
    }
  }
  return appendedItems(ordered);
}
