/**
 * How a checkpoint keeps the channel versions it wrote. Its `channels` column is one JSON object from
 * channel name to a StoredBlob, so reading a checkpoint's values needs no other table, and a history
 * read gets every version with the checkpoint rows themselves. Values and deltas longer than
 * INLINE_MAX characters live in the `blobs` table and are named by row id, so the rows stay small.
 *
 * Single-letter keys because this JSON is written once per channel per superstep.
 */

/** A value or delta longer than this (in JSON characters) is stored in the blobs table. */
export const INLINE_MAX = 2048;

/** One channel version as the checkpoint that wrote it stores it: a whole value, or a delta on a base. */
export interface StoredBlob {
  /**
   * Present for a delta: the version the items extend, null to extend the empty list, or 0 for "the
   * checkpoint's parent" (the usual case, stored without repeating the parent's id).
   */
  b?: string | null | 0;
  /** A whole value, inline. */
  v?: unknown;
  /** A delta's items, inline. */
  i?: unknown[];
  /**
   * Set when a delta's items are the checkpoint's own recorded writes, or (without `b`) when a whole
   * value is the one write to this channel recorded in the checkpoint's writes: no second copy.
   */
  w?: 1;
  /** Row id in the blobs table holding the whole value, or the delta's items, as JSON. */
  x?: number;
  /** Delta versions back to the nearest whole value, this one included; 0 for a whole value. */
  d: number;
  /** JSON length of the whole value at this version (approximate for deltas). */
  s: number;
}

/** What a reader needs of one checkpoint to rebuild the versions it wrote. */
export interface VersionSource {
  parentId: string | null;
  /** The checkpoint's `channels` column, parsed. */
  channels: Record<string, StoredBlob>;
  /** The checkpoint's recorded writes as JSON, for deltas kept by reference. */
  writes: string | null;
}

/** Finds the checkpoint named by a version id; undefined when it is not stored. */
export type VersionLookup = (version: string) => VersionSource | undefined;
/** Reads one row of the blobs table by id. */
export type LargeLookup = (id: number) => string;

/** Whether `stored` is a delta (it has a base, possibly the empty list) rather than a whole value. */
export function isDelta(stored: StoredBlob): boolean {
  return stored.b !== undefined;
}

/** The version a delta extends (null: the empty list), resolving 0 to the checkpoint's parent. */
export function baseOf(stored: StoredBlob, source: VersionSource): string | null {
  return stored.b === 0 ? source.parentId : (stored.b ?? null);
}

/**
 * The value written to `channel` in a checkpoint's recorded writes, when exactly one update wrote it
 * (then that value is what a last-value channel holds); undefined otherwise.
 */
export function soleWrite(writes: Record<string, unknown> | null, channel: string): { value: unknown } | undefined {
  if (!writes) return undefined;
  let found: { value: unknown } | undefined;
  for (const recorded of Object.values(writes)) {
    for (const update of Array.isArray(recorded) ? recorded : [recorded]) {
      if (update === null || typeof update !== "object" || !(channel in update)) continue;
      if (found) return undefined;
      found = { value: (update as Record<string, unknown>)[channel] };
    }
  }
  return found;
}

/** The JSON of a whole value kept by reference to the checkpoint's one recorded write to its channel. */
export function wholeFromWriteJson(size: number): string {
  return `{"w":1,"d":0,"s":${size}}`;
}

/** Where a large value goes: a function, or an object's `storeLarge` (a put's blob context, called as a method). Returns the blobs row id. */
export type LargeStore = ((data: string) => number) | { storeLarge(data: string): number };

function storeLarge(store: LargeStore, data: string): number {
  return typeof store === "function" ? store(data) : store.storeLarge(data);
}

/** The JSON of a whole value: inline when `json` is short, else in the blobs table via `store`. */
export function wholeJson(json: string, store: LargeStore): string {
  return json.length <= INLINE_MAX ? `{"v":${json},"d":0,"s":${json.length}}` : `{"x":${storeLarge(store, json)},"d":0,"s":${json.length}}`;
}

/**
 * The JSON of a delta on `base` written by a checkpoint whose parent is `parentId`: by reference to the
 * writes when `itemsJson` is null, else its items inline or large.
 */
export function deltaJson(base: string | null, parentId: string | null, itemsJson: string | null, depth: number, size: number, store: LargeStore): string {
  const head = `{"b":${base !== null && base === parentId ? "0" : JSON.stringify(base)},`;
  const tail = `"d":${depth},"s":${size}}`;
  if (itemsJson === null) return `${head}"w":1,${tail}`;
  return itemsJson.length <= INLINE_MAX ? `${head}"i":${itemsJson},${tail}` : `${head}"x":${storeLarge(store, itemsJson)},${tail}`;
}

/** The `channels` column from each channel's StoredBlob JSON. */
export function channelsJson(entries: ReadonlyArray<readonly [string, string]>): string {
  return `{${entries.map(([channel, json]) => `${JSON.stringify(channel)}:${json}`).join(",")}}`;
}
