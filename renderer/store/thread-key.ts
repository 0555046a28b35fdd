/** A thread as the contract names it: its id and checkpoint namespace ("" for the root graph). */
export interface ThreadKey {
  threadId: string;
  namespace: string;
}

/** The contract's thread arguments (namespace left out for the root graph). */
export function threadArgs(thread: ThreadKey): { threadId: string; namespace?: string } {
  return thread.namespace === "" ? { threadId: thread.threadId } : { threadId: thread.threadId, namespace: thread.namespace };
}
