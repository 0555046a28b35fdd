/**
 * A channel holds one field of the state and decides how a superstep's writes combine into its value.
 * Channels are plain objects over plain JSON data: the engine never special-cases a reducer.
 */
import type { ReducerKind } from "../graph/describe.ts";

/** One write to a channel, with the node that made it (for error messages). */
export interface ChannelWrite {
  node: string;
  value: unknown;
}

export interface Channel<V = unknown> {
  readonly kind: ReducerKind;
  /** The value before anything was written: a fresh copy on every call, safe to mutate. */
  initial(): V;
  /**
   * Fold one superstep's writes, already in the engine's fixed order, into the current value and return
   * the new value. Throws a ChronographError (INVALID_UPDATE) naming `channel` and the nodes when the
   * writes cannot combine. Never mutates `current`.
   */
  update(channel: string, current: V, writes: ChannelWrite[]): V;
  /**
   * Only for channels whose new value is always `current` followed by some items: those items. Lets a
   * store keep a delta per version instead of the whole value.
   */
  appended?(writes: ChannelWrite[]): unknown[];
}

/** A deep copy of a JSON default, so two threads never share one default object. */
export function copyDefault<V>(value: V): V {
  return value !== null && typeof value === "object" ? (JSON.parse(JSON.stringify(value)) as V) : value;
}
