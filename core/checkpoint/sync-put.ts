/**
 * A store that writes synchronously (SqliteSaver, MemorySaver) lets the engine skip the promise and the
 * tick of `put` every superstep by calling its `putSync` instead (Checkpointer.putSync). Only while `put`
 * is the store's own, though: a wrapper (a Proxy, a subclass) that replaces `put` to log, delay or refuse
 * writes must see every one of them. So the store marks its `put` as nothing but putSync's promise, and
 * anything that replaces it replaces the mark with it.
 */
import type { ChannelBlob, Checkpointer, CheckpointRecord } from "./types.ts";

const CALLS_PUT_SYNC = Symbol("put calls putSync and nothing else");

type Marked = { [CALLS_PUT_SYNC]?: true };

/** Mark a store class's `put` (its prototype's) as one that only calls `this.putSync`. */
export function markPutAsSync(put: Checkpointer["put"]): void {
  (put as Marked)[CALLS_PUT_SYNC] = true;
}

/** Whether `saver.put` is a marked one with its putSync beside it: then writing through putSync is writing through put. */
export function writesSynchronously(saver: Checkpointer): saver is Checkpointer & { putSync(record: CheckpointRecord, blobs: ChannelBlob[]): void } {
  return saver.putSync !== undefined && (saver.put as Marked)[CALLS_PUT_SYNC] === true;
}
