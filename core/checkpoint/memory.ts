/**
 * An in-process checkpointer: everything is lost when the process ends. Values are kept as JSON text so
 * a node that mutates its state after the fact cannot change history, exactly as with a file store.
 */
import { ChronographError } from "../api/errors.ts";
import type { GraphDescription } from "../graph/describe.ts";
import { toJson } from "./serde.ts";
import { threadStatus, writersOf } from "./thread-status.ts";
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

/** A value a checkpoint wrote: whole, or (append channels) the items it added to `base`'s value. */
type StoredValue = { json: string } | { base: string | null; itemsJson: string };

interface StoredCheckpoint {
  record: CheckpointRecord;
  /** channel -> the value this checkpoint wrote. */
  blobs: Map<string, StoredValue>;
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
    const stored = new Map<string, StoredValue>();
    for (const blob of blobs) {
      const origin = { channel: blob.channel, threadId: record.threadId };
      // Appends keep only their items: a list that grows each step costs linear, not quadratic, work.
      stored.set(blob.channel, blob.kind === "full" ? { json: toJson(blob.value, origin) } : { base: blob.base, itemsJson: toJson(blob.items, origin) });
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
    const memo = new Map<string, unknown>();
    return limited.map((stored) => this.tuple(thread, stored, options.withValues !== false, memo));
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
        writers: writersOf(head.record),
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
      // Survivors must stay readable: a survivor that references a doomed version, or owns a delta whose
      // chain runs through one, gets the whole value as its own.
      const rewrites: Array<{ stored: StoredCheckpoint; channel: string; json: string }> = [];
      for (const stored of thread.checkpoints.values()) {
        if (doomed.has(stored.record.checkpointId)) continue;
        for (const [channel, version] of Object.entries(stored.record.versions)) {
          if (doomed.has(version) || this.chainTouches(thread, channel, version, doomed)) {
            rewrites.push({ stored, channel, json: JSON.stringify(this.valueAt(thread, channel, version, new Map())) });
          }
        }
      }
      for (const { stored, channel, json } of rewrites) {
        stored.blobs.set(channel, { json });
        stored.record.versions[channel] = stored.record.checkpointId;
      }
      for (const stored of thread.checkpoints.values()) {
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

  /** The value of `channel` at `version`, rebuilt along its append chain; `memo` shares work within one call. */
  private valueAt(thread: StoredThread, channel: string, version: string | null, memo: Map<string, unknown>): unknown {
    if (version === null) return [];
    const key = `${channel}\u0000${version}`;
    if (memo.has(key)) return memo.get(key);
    const stored = thread.checkpoints.get(version)?.blobs.get(channel);
    let value: unknown;
    if (stored === undefined) value = undefined;
    else if ("json" in stored) value = JSON.parse(stored.json);
    else value = (this.valueAt(thread, channel, stored.base, memo) as unknown[]).concat(JSON.parse(stored.itemsJson) as unknown[]);
    memo.set(key, value);
    return value;
  }

  private chainTouches(thread: StoredThread, channel: string, version: string | null, doomed: ReadonlySet<string>): boolean {
    for (let current = version; current !== null; ) {
      if (doomed.has(current)) return true;
      const stored = thread.checkpoints.get(current)?.blobs.get(channel);
      if (!stored || "json" in stored) return false;
      current = stored.base;
    }
    return false;
  }

  private tuple(thread: StoredThread, stored: StoredCheckpoint, withValues: boolean, memo = new Map<string, unknown>()): CheckpointTuple {
    const values: Record<string, unknown> = {};
    if (withValues) {
      for (const [channel, version] of Object.entries(stored.record.versions)) {
        const value = this.valueAt(thread, channel, version, memo);
        if (value !== undefined) values[channel] = value;
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
export function prunable(records: readonly Pick<CheckpointRecord, "checkpointId" | "parentId" | "createdAt">[], options: PruneOptions): Set<string> {
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
