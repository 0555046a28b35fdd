/**
 * What the PostgreSQL readers (LangGraph's PostgresSaver tables: source.ts; ChronographSaver's lg_ tables:
 * chronograph-saver/pg-source.ts) say the same way: the coded errors for a thread or checkpoint that is not
 * there, naming it, its namespace and the database by its masked URL. Their history caches are shared too
 * (history-cache.ts's AsyncHistoryCache).
 */
import { ChronographError } from "../../api/errors.ts";
import type { ThreadKey } from "../../api/types.ts";

function nsWords(thread: ThreadKey): string {
  return thread.namespace ? ` (namespace "${thread.namespace}")` : "";
}

/** THREAD_NOT_FOUND for a (thread, namespace) with no checkpoint in the database at `where` (a masked URL). */
export function pgThreadNotFound(where: string, thread: ThreadKey): ChronographError {
  return new ChronographError("THREAD_NOT_FOUND", `Thread "${thread.threadId}"${nsWords(thread)} has no checkpoints in ${where}.`, { database: where, thread: thread.threadId });
}

/** CHECKPOINT_NOT_FOUND for a checkpoint id the (thread, namespace) at `where` does not hold. */
export function pgCheckpointNotFound(where: string, thread: ThreadKey, checkpointId: string): ChronographError {
  return new ChronographError("CHECKPOINT_NOT_FOUND", `Checkpoint "${checkpointId}" does not exist in thread "${thread.threadId}"${nsWords(thread)} of ${where}.`, {
    database: where,
    thread: thread.threadId,
    checkpoint: checkpointId,
  });
}
