/**
 * An in-process checkpointer: everything is lost when the process ends. Values are kept as JSON text so
 * a node that mutates its state after the fact cannot change history, exactly as with a file store.
 */
import { ChronographError } from "../api/errors.ts";
import type { GraphDescription } from "../graph/describe.ts";
import { toJson } from "./serde.ts";
import { lastNodeOf, threadStatus } from "./thread-status.ts";
import type {
  ChannelBlob,
  Checkpointer,
  CheckpointRecord,
  CheckpointTuple,
  ListOptions,
  PendingWrite,
  PruneOptions,
  ThreadSummary,
} from "./types.ts";

interface StoredCheckpoint {
  record: CheckpointRecord;
  /** channel -> JSON of the full value this checkpoint wrote. */
  blobs: Map<string, string>;
  writes: string[];
}

interface StoredThread {
  /** Insertion order = creation order. */
  checkpoints: Map<string, StoredCheckpoint>;
}

export class MemorySaver implements Checkpointer {
  private readonly threads = new Map<string, StoredThread>();
  private readonly graphs = new Map<string, string>();

  async saveGraph(graph: GraphDescription, hash: string): Promise<void> {
    if (!this.graphs.has(hash)) this.graphs.set(hash, JSON.stringify(graph));
  }

  async loadGraph(hash: string): Promise<GraphDescription | undefined> {
    const json = this.graphs.get(hash);
    return json === undefined ? undefined : (JSON.parse(json) as GraphDescription);
  }

  async put(record: CheckpointRecord, blobs: ChannelBlob[]): Promise<void> {
    const thread = this.threads.get(record.threadId) ?? { checkpoints: new Map<string, StoredCheckpoint>() };
    if (thread.checkpoints.has(record.checkpointId)) {
      throw new ChronographError("INVALID_ARGUMENT", `Checkpoint "${record.checkpointId}" already exists in thread "${record.threadId}"; history is append-only.`, {
        thread: record.threadId,
        checkpoint: record.checkpointId,
      });
    }
    if (record.parentId !== null && !thread.checkpoints.has(record.parentId)) {
      throw new ChronographError("CHECKPOINT_NOT_FOUND", `Parent checkpoint "${record.parentId}" does not exist in thread "${record.threadId}".`, {
        thread: record.threadId,
        checkpoint: record.parentId,
      });
    }
    const stored = new Map<string, string>();
    for (const blob of blobs) {
      const value = blob.kind === "full" ? blob.value : [...this.valueAt(thread, blob.channel, blob.base), ...blob.items];
      stored.set(blob.channel, toJson(value, { channel: blob.channel, threadId: record.threadId }));
    }
    const copy = JSON.parse(toJson(record, { channel: "(checkpoint record)", threadId: record.threadId })) as CheckpointRecord;
    thread.checkpoints.set(record.checkpointId, { record: copy, blobs: stored, writes: [] });
    this.threads.set(record.threadId, thread);
  }

  async putWrites(threadId: string, checkpointId: string, writes: PendingWrite[]): Promise<void> {
    const stored = this.checkpoint(threadId, checkpointId);
    const texts = writes.map((write) => toJson(write, { channel: `(pending write of task ${write.taskId})`, node: write.node, threadId }));
    stored.writes.push(...texts);
  }

  async getTuple(threadId: string, checkpointId?: string): Promise<CheckpointTuple | undefined> {
    const thread = this.threads.get(threadId);
    if (!thread) return undefined;
    const id = checkpointId ?? [...thread.checkpoints.keys()].pop();
    const stored = id === undefined ? undefined : thread.checkpoints.get(id);
    return stored ? this.tuple(thread, stored, true) : undefined;
  }

  async list(threadId: string, options: ListOptions = {}): Promise<CheckpointTuple[]> {
    const thread = this.threads.get(threadId);
    if (!thread) return [];
    let newestFirst = [...thread.checkpoints.values()].reverse();
    if (options.before !== undefined) {
      const index = newestFirst.findIndex((stored) => stored.record.checkpointId === options.before);
      newestFirst = index < 0 ? [] : newestFirst.slice(index + 1);
    }
    const { source, step } = options.filter ?? {};
    const matching = newestFirst.filter(({ record }) => (source === undefined || record.source === source) && (step === undefined || record.step === step));
    const limited = options.limit === undefined ? matching : matching.slice(0, Math.max(0, options.limit));
    return limited.map((stored) => this.tuple(thread, stored, options.withValues !== false));
  }

  async hasChildren(threadId: string, checkpointId: string): Promise<boolean> {
    const thread = this.threads.get(threadId);
    if (!thread) return false;
    for (const stored of thread.checkpoints.values()) if (stored.record.parentId === checkpointId) return true;
    return false;
  }

  async listThreads(): Promise<ThreadSummary[]> {
    const summaries: ThreadSummary[] = [];
    for (const [threadId, thread] of this.threads) {
      const all = [...thread.checkpoints.values()];
      if (all.length === 0) continue;
      const head = all[all.length - 1]!;
      const parents = new Set(all.map((stored) => stored.record.parentId));
      summaries.push({
        threadId,
        graphName: head.record.graph?.name ?? all.find((stored) => stored.record.graph)?.record.graph?.name ?? null,
        status: threadStatus(head.record, head.writes.map((text) => JSON.parse(text) as PendingWrite)),
        lastNode: lastNodeOf(head.record),
        step: head.record.step,
        checkpointCount: all.length,
        branchCount: all.filter((stored) => !parents.has(stored.record.checkpointId)).length,
        headCheckpointId: head.record.checkpointId,
        createdAt: all[0]!.record.createdAt,
        updatedAt: head.record.createdAt,
      });
    }
    return summaries.sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async deleteThread(threadId: string): Promise<void> {
    this.threads.delete(threadId);
  }

  async prune(options: PruneOptions): Promise<{ removed: number }> {
    let removed = 0;
    for (const thread of this.threads.values()) {
      const all = [...thread.checkpoints.values()].map((stored) => stored.record);
      const doomed = prunable(all, options);
      if (doomed.size === 0) continue;
      // Survivors must stay readable: give each the full value of every channel it still references.
      for (const stored of thread.checkpoints.values()) {
        if (doomed.has(stored.record.checkpointId)) continue;
        for (const [channel, version] of Object.entries(stored.record.versions)) {
          if (!doomed.has(version)) continue;
          const json = thread.checkpoints.get(version)!.blobs.get(channel)!;
          stored.blobs.set(channel, json);
          stored.record.versions[channel] = stored.record.checkpointId;
        }
        if (stored.record.parentId !== null && doomed.has(stored.record.parentId)) stored.record.parentId = null;
      }
      for (const id of doomed) thread.checkpoints.delete(id);
      removed += doomed.size;
    }
    return { removed };
  }

  async close(): Promise<void> {}

  private checkpoint(threadId: string, checkpointId: string): StoredCheckpoint {
    const stored = this.threads.get(threadId)?.checkpoints.get(checkpointId);
    if (!stored) {
      throw new ChronographError("CHECKPOINT_NOT_FOUND", `Checkpoint "${checkpointId}" does not exist in thread "${threadId}".`, {
        thread: threadId,
        checkpoint: checkpointId,
      });
    }
    return stored;
  }

  private valueAt(thread: StoredThread, channel: string, version: string | null): unknown[] {
    if (version === null) return [];
    const json = thread.checkpoints.get(version)?.blobs.get(channel);
    return json === undefined ? [] : (JSON.parse(json) as unknown[]);
  }

  private tuple(thread: StoredThread, stored: StoredCheckpoint, withValues: boolean): CheckpointTuple {
    const values: Record<string, unknown> = {};
    if (withValues) {
      for (const [channel, version] of Object.entries(stored.record.versions)) {
        const json = thread.checkpoints.get(version)?.blobs.get(channel);
        if (json !== undefined) values[channel] = JSON.parse(json);
      }
    }
    return {
      record: JSON.parse(JSON.stringify(stored.record)) as CheckpointRecord,
      values,
      pendingWrites: stored.writes.map((text) => JSON.parse(text) as PendingWrite),
    };
  }
}

/**
 * Which checkpoints `prune` may remove: old ones, not among the newest `keepLast` of the thread, not a
 * branch's newest, and only together with all their ancestors (so history is cut at the old end only).
 * Pure, shared by every store. `records` are in creation order.
 */
export function prunable(records: readonly CheckpointRecord[], options: PruneOptions): Set<string> {
  const keepLast = Math.max(0, options.keepLast ?? 0);
  const olderThan = options.olderThan ?? Number.POSITIVE_INFINITY;
  const parents = new Set(records.map((record) => record.parentId));
  // Clamp: a negative start would make slice count from the end and protect too few.
  const protectedIds = new Set(records.slice(Math.max(0, records.length - keepLast)).map((record) => record.checkpointId));
  const doomed = new Set<string>();
  for (const record of records) {
    const removable =
      !protectedIds.has(record.checkpointId) &&
      parents.has(record.checkpointId) &&
      record.createdAt < olderThan &&
      (record.parentId === null || doomed.has(record.parentId));
    if (removable) doomed.add(record.checkpointId);
  }
  return doomed;
}
