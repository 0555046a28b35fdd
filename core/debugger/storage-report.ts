/**
 * The storage view's decisions, over plain data: which page of threads to show, what a prune preview
 * says, and the token that ties a prune to the preview the user saw. The reads and the prune itself are
 * in storage.ts; which checkpoints go is decided by `prunable` (core/checkpoint/memory.ts) alone.
 */
import { createHash } from "node:crypto";
import { ChronographError } from "../api/errors.ts";
import type { PrunePreview, ThreadStorage } from "../api/types.ts";
import type { PruneOptions } from "../checkpoint/types.ts";

/** The threads listed when the caller does not say how many. */
export const DEFAULT_THREAD_PAGE = 50;
/** The doomed ids listed when the caller does not say how many. */
export const DEFAULT_ID_PAGE = 200;

/** A prune's arguments as the contract carries them. */
export interface PruneArgs {
  keepLast?: number | undefined;
  olderThan?: number | undefined;
  threadId?: string | undefined;
}

/** The prune rule's options; INVALID_ARGUMENT when neither a count nor a date is given (that would keep only the newest checkpoint of every branch). */
export function pruneOptionsOf(method: string, args: PruneArgs): PruneOptions {
  if (args.keepLast === undefined && args.olderThan === undefined) {
    throw new ChronographError("INVALID_ARGUMENT", `${method}: give keepLast (keep the newest N per thread) or olderThan (a date), or both.`, { method });
  }
  return { ...(args.keepLast === undefined ? {} : { keepLast: args.keepLast }), ...(args.olderThan === undefined ? {} : { olderThan: args.olderThan }) };
}

/** Largest first (ties by id, so pages are stable), then the page asked for, with the totals. */
export function pageThreads(threads: readonly ThreadStorage[], offset = 0, limit = DEFAULT_THREAD_PAGE): { threads: ThreadStorage[]; threadCount: number; totalBytes: number } {
  const sorted = [...threads].sort((a, b) => b.bytes - a.bytes || (a.threadId < b.threadId ? -1 : a.threadId > b.threadId ? 1 : 0));
  const totalBytes = sorted.reduce((sum, thread) => sum + thread.bytes, 0);
  return { threads: sorted.slice(offset, offset + limit), threadCount: sorted.length, totalBytes };
}

/**
 * What identifies a preview: its options and scope, the database's checkpoint stamp (any checkpoint added
 * or removed changes it) and the doomed ids. A prune recomputes it under the write lock and goes ahead
 * only when it is equal.
 */
export function previewToken(options: PruneOptions, threadId: string | undefined, stamp: string, doomed: ReadonlyMap<string, readonly string[]>): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify({ keepLast: options.keepLast ?? null, olderThan: options.olderThan ?? null, threadId: threadId ?? null, stamp }));
  for (const threadKey of [...doomed.keys()].sort()) hash.update(JSON.stringify([threadKey, doomed.get(threadKey)]));
  return hash.digest("hex");
}

/** The refusal of a prune whose preview no longer matches the database. */
export function stalePreview(file: string): ChronographError {
  return new ChronographError(
    "STALE_PREVIEW",
    `The checkpoints of "${file}" changed since the prune preview, so it no longer shows what would be deleted; nothing was deleted. Preview again.`,
    { file },
  );
}

export interface PreviewInput {
  token: string;
  /** Per thread with removals, its doomed ids oldest first. */
  doomed: ReadonlyMap<string, readonly string[]>;
  /** Per thread in scope, how many checkpoints it has. */
  counts: ReadonlyMap<string, number>;
  bytes: number;
  /** Whose ids to list; default: the thread losing most. */
  listThreadId?: string | undefined;
  offset?: number | undefined;
  limit?: number | undefined;
}

/** The preview the user sees: counts per thread (largest removal first) and one thread's doomed ids, paged. */
export function previewOf(input: PreviewInput): PrunePreview {
  const threads = [...input.doomed].map(([threadId, ids]) => ({ threadId, removed: ids.length, kept: (input.counts.get(threadId) ?? ids.length) - ids.length }));
  threads.sort((a, b) => b.removed - a.removed || (a.threadId < b.threadId ? -1 : a.threadId > b.threadId ? 1 : 0));
  const listThreadId = input.listThreadId ?? threads[0]?.threadId;
  let listed: PrunePreview["listed"] = null;
  if (listThreadId !== undefined) {
    const ids = input.doomed.get(listThreadId) ?? [];
    const offset = input.offset ?? 0;
    listed = { threadId: listThreadId, ids: ids.slice(offset, offset + (input.limit ?? DEFAULT_ID_PAGE)), offset, total: ids.length };
  }
  const removed = threads.reduce((sum, thread) => sum + thread.removed, 0);
  return { token: input.token, removed, bytes: input.bytes, threads, listed };
}
