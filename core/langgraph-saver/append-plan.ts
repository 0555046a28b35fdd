/**
 * Whether a channel's new value is stored whole or as the items it appends to an earlier stored
 * version of the same channel (a message list that grew by one message stores one message).
 *
 * The prefix check compares elements by identity first: LangGraph hands a checkpoint's values to the
 * saver and treats them as immutable from then on (with "async" durability the next superstep already
 * runs while put is pending), so an element that is the very same object as one already stored has the
 * stored content. Elements that are not the same object (a value read back from the file after a
 * restart, a reducer that rebuilt its items) are compared by their serialized bytes by the caller,
 * which is exact for every type the serializer knows; a JSON or structural comparison is not (a Map and
 * an empty object look alike to JSON.stringify).
 *
 * When to store a whole copy is the storage layer's rule (storeWhole): a whole copy is paid for by the
 * versions before it, so total bytes stay linear and a read visits a bounded number of versions.
 */
import { storeWhole } from "../storage/sqlite/append-store.ts";

/** What the saver remembers about the last stored version of one channel. */
export interface StoredArray {
  version: string;
  /** The stored array's elements (a copy of the array, sharing the elements). */
  elements: readonly unknown[];
  /** Delta versions back to the nearest whole value; 0 for a whole value. */
  depth: number;
  /** Serialized bytes of the whole value at this version (a sum of parts for a delta). */
  size: number;
}

export type ValuePlan = { kind: "whole" } | { kind: "append"; base: StoredArray; from: number };

/** How many leading elements of `previous` are the very same objects at the same places in `next`. */
export function sharedPrefix(previous: readonly unknown[], next: readonly unknown[]): number {
  const limit = Math.min(previous.length, next.length);
  let index = 0;
  while (index < limit && previous[index] === next[index]) index += 1;
  return index;
}

/**
 * Plan how to store `next` given the last stored version of its channel. `matched` is how many leading
 * elements of `previous.elements` are known equal to `next`'s (by identity or by serialized bytes).
 * `appendedSize` is the serialized size of the items after the prefix.
 */
export function planValue(previous: StoredArray | undefined, next: unknown, matched: number, appendedSize: number): ValuePlan {
  if (previous === undefined || !Array.isArray(next)) return { kind: "whole" };
  const from = previous.elements.length;
  if (from === 0 || matched < from || next.length < from) return { kind: "whole" };
  if (storeWhole(previous.depth + 1, previous.size + appendedSize)) return { kind: "whole" };
  return { kind: "append", base: previous, from };
}
