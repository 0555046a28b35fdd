/**
 * An in-process checkpointer: everything is lost when the process ends. Values and records are kept as
 * JSON text so a node that mutates its state after the fact cannot change history, exactly as with a
 * file store; text also costs the garbage collector nothing to walk, where a parsed copy of every record
 * made each collection slower as history grew.
 */
import { ChronographError } from "../api/errors.ts";
import type { GraphDescription } from "../graph/describe.ts";
import { toJson } from "./serde.ts";
import { markPutAsSync } from "./sync-put.ts";
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

/** A stored checkpoint: its record as JSON (parsed afresh for each read) and the fields queries need. */
interface StoredCheckpoint {
  json: string;
  checkpointId: string;
  parentId: string | null;
  step: number;
  source: CheckpointRecord["source"];
  createdAt: number;
  /** channel -> the value this checkpoint wrote. */
  blobs: Map<string, StoredValue>;
  writes: string[];
}

interface StoredThread {
  /** Insertion order = creation order. */
  checkpoints: Map<string, StoredCheckpoint>;
}

export class MemorySaver implements Checkpointer {
  static {
    // put only calls putSync, so the engine may call putSync itself (sync-put.ts).
    markPutAsSync(MemorySaver.prototype.put);
  }

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
    this.putSync(record, blobs);
  }

  /**
   * `put`, done when it returns (Checkpointer.putSync): what the engine calls every superstep. `put`
   * calls it, so a subclass that changes how a checkpoint is written overrides this method.
   */
  putSync(record: CheckpointRecord, blobs: ChannelBlob[]): void {
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
    const json = toJson(record, { channel: "(checkpoint record)", threadId: record.threadId });
    const { checkpointId, parentId, step, source, createdAt } = record;
    thread.checkpoints.set(checkpointId, { json, checkpointId, parentId, step, source, createdAt, blobs: stored, writes: [] });
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
      const index = newestFirst.findIndex((stored) => stored.checkpointId === options.before);
      newestFirst = index < 0 ? [] : newestFirst.slice(index + 1);
    }
    const { source, step } = options.filter ?? {};
    const matching = newestFirst.filter((stored) => (source === undefined || stored.source === source) && (step === undefined || stored.step === step));
    const limited = options.limit === undefined ? matching : matching.slice(0, Math.max(0, options.limit));
    const memo = new Map<string, unknown>();
    return limited.map((stored) => this.tuple(thread, stored, options.withValues !== false, memo));
  }

  async hasChildren(threadId: string, checkpointId: string): Promise<boolean> {
    const thread = this.threads.get(threadId);
    if (!thread) return false;
    for (const stored of thread.checkpoints.values()) if (stored.parentId === checkpointId) return true;
    return false;
  }

  async listThreads(): Promise<ThreadSummary[]> {
    const summaries: ThreadSummary[] = [];
    for (const [threadId, thread] of this.threads) {
      const all = [...thread.checkpoints.values()];
      if (all.length === 0) continue;
      const head = all[all.length - 1]!;
      const headRecord = recordOf(head);
      const parents = new Set(all.map((stored) => stored.parentId));
      // The head's graph, else the oldest checkpoint's that names one.
      let graph = headRecord.graph;
      for (let index = 0; !graph && index < all.length - 1; index += 1) graph = recordOf(all[index]!).graph;
      summaries.push({
        threadId,
        graphName: graph?.name ?? null,
        status: threadStatus(headRecord, head.writes.map((text) => JSON.parse(text) as PendingWrite)),
        writers: writersOf(headRecord),
        step: head.step,
        checkpointCount: all.length,
        branchCount: all.filter((stored) => !parents.has(stored.checkpointId)).length,
        headCheckpointId: head.checkpointId,
        createdAt: all[0]!.createdAt,
        updatedAt: head.createdAt,
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
      const doomed = prunable([...thread.checkpoints.values()], options);
      if (doomed.size === 0) continue;
      // Survivors must stay readable: a survivor that references a doomed version, or owns a delta whose
      // chain runs through one, gets the whole value as its own.
      const rewrites: Array<{ stored: StoredCheckpoint; record: CheckpointRecord; channel: string; json: string }> = [];
      for (const stored of thread.checkpoints.values()) {
        if (doomed.has(stored.checkpointId)) continue;
        const record = recordOf(stored);
        for (const [channel, version] of Object.entries(record.versions)) {
          if (doomed.has(version) || this.chainTouches(thread, channel, version, doomed)) {
            rewrites.push({ stored, record, channel, json: JSON.stringify(this.valueAt(thread, channel, version, new Map())) });
          }
        }
      }
      const changed = new Map<StoredCheckpoint, CheckpointRecord>();
      for (const { stored, record, channel, json } of rewrites) {
        stored.blobs.set(channel, { json });
        record.versions[channel] = stored.checkpointId;
        changed.set(stored, record);
      }
      for (const stored of thread.checkpoints.values()) {
        if (stored.parentId === null || !doomed.has(stored.parentId)) continue;
        const record = changed.get(stored) ?? recordOf(stored);
        record.parentId = null;
        stored.parentId = null;
        changed.set(stored, record);
      }
      for (const [stored, record] of changed) stored.json = JSON.stringify(record);
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
    const record = recordOf(stored);
    const values: Record<string, unknown> = {};
    if (withValues) {
      for (const [channel, version] of Object.entries(record.versions)) {
        const value = this.valueAt(thread, channel, version, memo);
        if (value !== undefined) values[channel] = value;
      }
    }
    return {
      record,
      values,
      pendingWrites: stored.writes.map((text) => JSON.parse(text) as PendingWrite),
    };
  }
}

/** A fresh copy of a stored checkpoint's record. */
function recordOf(stored: StoredCheckpoint): CheckpointRecord {
  return JSON.parse(stored.json) as CheckpointRecord;
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
