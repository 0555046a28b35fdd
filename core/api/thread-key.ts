/**
 * A thread's identity in its two forms: the ThreadKey object the backend and the contract pass around,
 * and one string for map keys, list ids and React keys. Shared by the backend and the app.
 */
import type { ThreadKey } from "./types.ts";

/** The ThreadKey of a contract call's thread arguments (namespace omitted means the root graph, ""). */
export function threadKeyOf(args: { threadId: string; namespace?: string | undefined }): ThreadKey {
  return { threadId: args.threadId, namespace: args.namespace ?? "" };
}

/** The contract's thread arguments (namespace left out for the root graph). */
export function threadArgs(thread: ThreadKey): { threadId: string; namespace?: string } {
  return thread.namespace === "" ? { threadId: thread.threadId } : { threadId: thread.threadId, namespace: thread.namespace };
}

/** One string per thread: the id alone for the root graph, else namespace and id joined by a NUL, so no two threads share one. */
export function threadKeyString(thread: ThreadKey): string {
  return thread.namespace === "" ? thread.threadId : `${thread.namespace}\u0000${thread.threadId}`;
}
