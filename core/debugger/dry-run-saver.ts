/**
 * A checkpointer that reads from a real store and keeps what it is asked to write in memory: running
 * the engine's updateState against it answers "what would this write?" without touching the file.
 */
import { ChronographError } from "../api/errors.ts";
import type { ChannelBlob, Checkpointer, CheckpointRecord, CheckpointTuple, ListOptions, PendingWrite, ThreadSummary } from "../checkpoint/types.ts";
import type { GraphDescription } from "../graph/describe.ts";

export class DryRunSaver implements Checkpointer {
  /** The checkpoints the engine would have written, in order. */
  readonly written: CheckpointRecord[] = [];

  constructor(private readonly store: Checkpointer) {}

  async saveGraph(_graph: GraphDescription, _hash: string): Promise<void> {}

  loadGraph(hash: string): Promise<GraphDescription | undefined> {
    return this.store.loadGraph(hash);
  }

  async put(record: CheckpointRecord, _blobs: ChannelBlob[]): Promise<void> {
    this.written.push(record);
  }

  async putWrites(_threadId: string, _checkpointId: string, _writes: PendingWrite[]): Promise<void> {}

  getTuple(threadId: string, checkpointId?: string): Promise<CheckpointTuple | undefined> {
    return this.store.getTuple(threadId, checkpointId);
  }

  list(threadId: string, options?: ListOptions): Promise<CheckpointTuple[]> {
    return this.store.list(threadId, options);
  }

  hasChildren(threadId: string, checkpointId: string): Promise<boolean> {
    return this.store.hasChildren(threadId, checkpointId);
  }

  listThreads(): Promise<ThreadSummary[]> {
    return this.store.listThreads();
  }

  async deleteThread(threadId: string): Promise<void> {
    throw new ChronographError("READ_ONLY", `A preview cannot delete thread "${threadId}".`, { thread: threadId });
  }

  async prune(): Promise<{ removed: number }> {
    throw new ChronographError("READ_ONLY", "A preview cannot prune checkpoints.");
  }

  async close(): Promise<void> {}
}
