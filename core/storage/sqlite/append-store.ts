/**
 * How a checkpoint's channel values are written, and when an append channel gets a whole copy.
 *
 * A version of an append channel is stored as the items it appended to its base version, or, when
 * those items are exactly the checkpoint's recorded writes, as a reference to them (no bytes of its
 * own). Reading version v walks base links back to the nearest whole value (materialize.ts).
 *
 * Whole-copy policy. Walking a chain costs the value's bytes (a linear chain's deltas add up to exactly
 * the value, so a whole copy saves no bytes read) plus a fixed cost per version visited, worth about
 * ROW_COST characters of JSON. So a version is stored whole when
 *   - its value is tiny (at most TINY characters): a whole copy costs no more than a delta, or
 *   - the chain since the last whole value is at least MIN_DEPTH versions long AND visiting those
 *     versions costs at least as much as the value itself (depth * ROW_COST >= size).
 * Each whole copy of `size` characters is paid for by the `depth >= size / ROW_COST` versions before
 * it, so whole copies add at most ROW_COST characters per version: total bytes stay linear in the
 * number of versions, and a read visits at most max(MIN_DEPTH, size / ROW_COST) versions. Items of
 * about a kilobyte (a chat message) never trigger a copy; many tiny items do, every so often.
 */
import { appendedFromWrites } from "../../channels/append.ts";
import { toJson } from "../../checkpoint/serde.ts";
import type { ChannelBlob } from "../../checkpoint/types.ts";
import { Materializer, missingVersion } from "./materialize.ts";
import { deltaJson, INLINE_MAX, isDelta, type LargeLookup, soleWrite, type StoredBlob, type VersionLookup, wholeFromWriteJson, wholeJson } from "./stored-blob.ts";

const TINY = 256;
const MIN_DEPTH = 16;
const ROW_COST = 512;

/** The whole-copy policy described above: whether a version at `depth` with a value of `size` is stored whole. */
export function storeWhole(depth: number, size: number): boolean {
  return size <= TINY || (depth >= MIN_DEPTH && depth * ROW_COST >= size);
}

/** Where planning a checkpoint's blobs reads earlier versions and stores large values. */
export interface BlobContext {
  threadId: string;
  /** The checkpoint's parent. */
  parentId: string | null;
  /** The checkpoint's recorded writes, which by-reference deltas must match. */
  writes: Record<string, unknown> | null;
  lookup: VersionLookup;
  large: LargeLookup;
  /** Store `data` in the blobs table and return its row id. */
  storeLarge(data: string): number;
}

/**
 * The StoredBlob JSON for one blob of a checkpoint. Throws UNSERIALIZABLE_VALUE naming the channel,
 * and CHECKPOINT_NOT_FOUND naming channel and version when an append's base is not stored.
 */
export function planBlob(blob: ChannelBlob, context: BlobContext): string {
  const origin = { channel: blob.channel, threadId: context.threadId };
  if (blob.kind === "full") {
    const json = toJson(blob.value, origin);
    // A large value that is the step's one write to this channel is already in the writes column: point at it.
    if (json.length > INLINE_MAX && soleWrite(context.writes, blob.channel)?.value === blob.value) return wholeFromWriteJson(json.length);
    return wholeJson(json, context);
  }
  const itemsJson = toJson(blob.items, origin);
  let base: StoredBlob | undefined;
  if (blob.base !== null) {
    base = context.lookup(blob.base)?.channels[blob.channel];
    if (base === undefined) throw missingVersion(context.threadId, blob.channel, blob.base);
  }
  const size = (base?.s ?? 0) + itemsJson.length;
  const depth = base === undefined ? 1 : isDelta(base) ? base.d + 1 : 1;
  if (blob.base === null && !blob.fromWrites) return wholeJson(itemsJson, context);
  if (storeWhole(depth, size)) {
    const before = blob.base === null ? [] : (new Materializer(context.threadId, (version) => context.lookup(version), (id) => context.large(id), false).value(blob.channel, blob.base) as unknown[]);
    return wholeJson(toJson(before.concat(blob.items), origin), context);
  }
  // A delta by reference is only as good as the promise behind it; keep the items when it does not hold.
  const byReference = blob.fromWrites && toJson(appendedFromWrites(context.writes, blob.channel), origin) === itemsJson;
  return deltaJson(blob.base, context.parentId, byReference ? null : itemsJson, depth, size, context);
}
