/**
 * ChronographSaver: a LangGraph.js checkpointer (BaseCheckpointSaver) that stores what put receives in
 * Chronograph's design. A checkpoint row holds the checkpoint without its channel values; each channel
 * version LangGraph reports as new (put's newVersions) is stored once, keyed by (thread, namespace,
 * channel, version), and a list that grew is stored as its appended items (values.ts). Everything goes
 * through LangGraph's own serializer (this.serde), so every type LangGraph supports round-trips.
 *
 *   const checkpointer = ChronographSaver.open("runs.db");
 *   const app = graph.compile({ checkpointer });
 */
import type { RunnableConfig } from "@langchain/core/runnables";
import {
  BaseCheckpointSaver,
  type ChannelVersions,
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointMetadata,
  type CheckpointPendingWrite,
  type CheckpointTuple,
  getCheckpointId,
  maxChannelVersion,
  type PendingWrite,
  type SerializerProtocol,
  TASKS,
  WRITES_IDX_MAP,
} from "@langchain/langgraph-checkpoint";
import { ChronographError } from "../api/errors.ts";
import { dumpsTyped, plainJson } from "./dumps.ts";
import { PutValues, withInlineValues } from "./inline.ts";
import { loadsTyped } from "./loads.ts";
import { type ChronographSaverPostgresOptions, openPostgresStore } from "./postgres-store.ts";
import { openSqliteStore } from "./sqlite-store.ts";
import type { CheckpointRow, SaverStore, ValueRow, WriteRow } from "./store.ts";
import { rowKey, ValueCodec } from "./values.ts";
import { nextVersion } from "./versions.ts";

export interface ChronographSaverOptions {
  /** The SQLite file; created (mode 0600) when missing. */
  path: string;
  /** The serializer; LangGraph's default (JsonPlusSerializer) when omitted. */
  serde?: SerializerProtocol;
  /** How long a write waits for another connection's lock before DATABASE_LOCKED. Default 5000 ms. */
  busyTimeoutMs?: number;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** A list call longer than this many checkpoints (or unlimited) fetches each namespace's rows at once. */
const PREFETCH_FROM = 32;

interface Prefetched {
  /** By rowKey(channel, version). */
  values: Map<string, ValueRow>;
  /** By checkpoint id, each in LangGraph's order. */
  writes: Map<string, WriteRow[]>;
}

/** State shared by the checkpoints of one list call. */
interface HistoryRead {
  memo: Map<string, unknown>;
  /** By JSON [thread, namespace]; undefined when the read is short and fetches per checkpoint. */
  namespaces: Map<string, Prefetched> | undefined;
}

function matchesFilter(metadata: Record<string, unknown>, filter: Record<string, unknown>): boolean {
  return Object.entries(filter).every(([key, wanted]) => {
    const actual = metadata[key];
    if (actual === wanted) return true;
    return typeof wanted === "object" && wanted !== null && JSON.stringify(actual) === JSON.stringify(wanted);
  });
}

export class ChronographSaver extends BaseCheckpointSaver {
  private readonly values: ValueCodec;
  private readonly putValues: PutValues;

  /** A saver over any SaverStore; `open` is the usual way in. */
  constructor(
    private readonly store: SaverStore,
    serde?: SerializerProtocol,
  ) {
    super(serde);
    this.values = new ValueCodec(store, this.serde);
    this.putValues = new PutValues(store, this.values);
  }

  /**
   * A ready saver over the SQLite file at `target` (a path, or options with one), created and migrated
   * when needed; FILE_NOT_FOUND when the folder is missing, NOT_A_DATABASE and SCHEMA_TOO_NEW naming the file.
   * A `postgres://` URL (or options with `url`, `schema`, `maxConnections`, `timeoutMs`) gives a saver on
   * PostgreSQL (postgres-store.ts) in the URL's `?schema=` (default "public"), which connects and creates
   * its tables on first use; only the masked URL appears in its errors (INVALID_ARGUMENT here for a bad
   * URL, DATABASE_UNAVAILABLE on first use for an unreachable server or a refused login).
   */
  static open(target: string | ChronographSaverOptions | ChronographSaverPostgresOptions): ChronographSaver {
    const options = typeof target === "string" ? { path: target } : target;
    if ("url" in options) return new ChronographSaver(openPostgresStore(options.url, options), options.serde);
    if (/^postgres(ql)?:/i.test(options.path)) return new ChronographSaver(openPostgresStore(options.path), options.serde);
    return new ChronographSaver(openSqliteStore(options.path, { busyTimeoutMs: options.busyTimeoutMs }), options.serde);
  }

  /** Versions carry a random fraction so sibling branches never share one (see versions.ts). */
  override getNextVersion(current: number | undefined): number {
    return nextVersion(current);
  }

  private threadOf(config: RunnableConfig, method: string): string {
    const threadId: unknown = config.configurable?.thread_id;
    if (typeof threadId !== "string" && typeof threadId !== "number") {
      throw new ChronographError("INVALID_ARGUMENT", `ChronographSaver.${method} on "${this.store.where}": config.configurable.thread_id is missing.`, { file: this.store.where });
    }
    return String(threadId);
  }

  async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const threadId: unknown = config.configurable?.thread_id;
    if (threadId === undefined || threadId === null) return undefined;
    const ns: string = config.configurable?.checkpoint_ns ?? "";
    const row = await this.store.checkpoint(String(threadId), ns, getCheckpointId(config) || undefined);
    return row === undefined ? undefined : this.toTuple(row);
  }

  async *list(config: RunnableConfig, options?: CheckpointListOptions): AsyncGenerator<CheckpointTuple> {
    const { limit, before, filter } = options ?? {};
    const configurable = config.configurable ?? {};
    const rows = await this.store.checkpoints({
      threadId: configurable.thread_id === undefined ? undefined : String(configurable.thread_id),
      ns: configurable.checkpoint_ns,
      checkpointId: configurable.checkpoint_id || undefined,
      before: before?.configurable?.checkpoint_id,
    });
    // One memo for the whole read: each channel version is rebuilt once, however many checkpoints show it.
    // A long read also fetches each namespace's values and writes in one query each, not per checkpoint.
    const read: HistoryRead = { memo: new Map(), namespaces: limit === undefined || limit > PREFETCH_FROM ? new Map() : undefined };
    let remaining = limit;
    for (const row of rows) {
      if (remaining !== undefined && remaining <= 0) return;
      const metadata = (await loadsTyped(this.serde, row.metadata_type, row.metadata)) as CheckpointMetadata;
      if (filter !== undefined && !matchesFilter(metadata as Record<string, unknown>, filter)) continue;
      if (remaining !== undefined) remaining -= 1;
      yield await this.toTuple(row, read, metadata);
    }
  }

  /** A namespace's values and writes, fetched once per history read. */
  private async prefetched(read: HistoryRead, threadId: string, ns: string): Promise<Prefetched | undefined> {
    if (read.namespaces === undefined) return undefined;
    const key = JSON.stringify([threadId, ns]);
    let found = read.namespaces.get(key);
    if (found === undefined) {
      const values = new Map((await this.store.namespaceValues(threadId, ns)).map((value) => [rowKey(value.channel, value.version), value]));
      const writes = new Map<string, WriteRow[]>();
      for (const write of await this.store.namespaceWrites(threadId, ns)) {
        const list = writes.get(write.checkpoint_id);
        if (list) list.push(write);
        else writes.set(write.checkpoint_id, [write]);
      }
      found = { values, writes };
      read.namespaces.set(key, found);
    }
    return found;
  }

  async put(config: RunnableConfig, checkpoint: Checkpoint, metadata: CheckpointMetadata, newVersions: ChannelVersions): Promise<RunnableConfig> {
    const threadId = this.threadOf(config, "put");
    const ns: string = config.configurable?.checkpoint_ns ?? "";
    const parentId: string | undefined = config.configurable?.checkpoint_id;
    const { channel_values: channelValues, ...rest } = checkpoint;
    // channel_values last and empty: small values are spliced into it as JSON text (inline.ts).
    const body = { ...rest, channel_values: {} };
    // Plain JSON (as LangGraph's checkpoints are) is stringified here: the serializer's text (dumps.ts).
    const plain = plainJson(this.serde, body);
    const [type, bytes] = plain === undefined ? await this.serde.dumpsTyped(body) : ["json", undefined];
    const text = plain ?? (type === "json" ? decoder.decode(bytes) : undefined);
    const versions: Record<string, string> = {};
    for (const channel of Object.keys(channelValues)) {
      const version = checkpoint.channel_versions[channel] ?? newVersions[channel];
      if (version !== undefined) versions[channel] = String(version);
    }
    const allowInline = text !== undefined && withInlineValues(text, []) !== undefined;
    const put = { threadId, ns, checkpointId: checkpoint.id, parentId };
    const encoded = await this.putValues.encode(put, channelValues, versions, (channel) => Object.hasOwn(newVersions, channel), allowInline);
    const [metadataType, metadataBytes] = await dumpsTyped(this.serde, metadata);
    const row: CheckpointRow = {
      thread_id: threadId,
      checkpoint_ns: ns,
      checkpoint_id: checkpoint.id,
      parent_id: parentId ?? null,
      type,
      checkpoint: encoded.inline.length > 0 ? encoder.encode(withInlineValues(text!, encoded.inline)) : (bytes ?? encoder.encode(text!)),
      metadata_type: metadataType,
      metadata: metadataBytes,
    };
    await this.store.putCheckpoint(row, encoded.rows);
    encoded.committed();
    return { configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: checkpoint.id } };
  }

  async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string, taskPath?: string): Promise<void> {
    const threadId = this.threadOf(config, "putWrites");
    const checkpointId: unknown = config.configurable?.checkpoint_id;
    if (typeof checkpointId !== "string" || checkpointId === "") {
      throw new ChronographError("INVALID_ARGUMENT", `ChronographSaver.putWrites on "${this.store.where}": thread "${threadId}" has no config.configurable.checkpoint_id.`, { file: this.store.where, threadId });
    }
    const rows: WriteRow[] = [];
    for (const [index, [channel, value]] of writes.entries()) {
      const [type, bytes] = await dumpsTyped(this.serde, value);
      rows.push({ task_id: taskId, idx: WRITES_IDX_MAP[channel] ?? index, channel, type, value: bytes, task_path: taskPath ?? "" });
    }
    await this.store.putWrites(threadId, config.configurable?.checkpoint_ns ?? "", checkpointId, rows);
  }

  async deleteThread(threadId: string): Promise<void> {
    await this.store.deleteThread(String(threadId));
    this.values.forgetThread(String(threadId));
    this.putValues.forgetThread(String(threadId));
  }

  /** Close the database; the saver cannot be used afterwards. Calling it twice is harmless. */
  async close(): Promise<void> {
    await this.store.close();
  }

  private async toTuple(row: CheckpointRow, read?: HistoryRead, knownMetadata?: CheckpointMetadata): Promise<CheckpointTuple> {
    const checkpoint = (await loadsTyped(this.serde, row.type, row.checkpoint)) as Checkpoint;
    const prefetched = read && (await this.prefetched(read, row.thread_id, row.checkpoint_ns));
    // Small values are in the checkpoint itself (schema 2; a schema 1 checkpoint has none); the rest are rows.
    const values: Record<string, unknown> = checkpoint.channel_values ?? {};
    const missing: Record<string, string> = {};
    let anyMissing = false;
    for (const [channel, version] of Object.entries(checkpoint.channel_versions)) {
      if (Object.hasOwn(values, channel)) continue;
      missing[channel] = String(version);
      anyMissing = true;
    }
    if (!anyMissing) {
      // Nothing to look up.
    } else if (read === undefined) {
      // A point read (getTuple, what LangGraph does at every invoke): every missing channel's row in one query.
      Object.assign(values, await this.values.readAll(row.thread_id, row.checkpoint_ns, missing));
    } else {
      for (const [channel, version] of Object.entries(missing)) {
        const value = await this.values.read(row.thread_id, row.checkpoint_ns, channel, version, read.memo, prefetched?.values);
        if (value !== undefined) values[channel] = value;
      }
    }
    checkpoint.channel_values = values;
    if (checkpoint.v < 4 && row.parent_id !== null) await this.migratePendingSends(checkpoint, row);
    const writes = prefetched ? (prefetched.writes.get(row.checkpoint_id) ?? []) : await this.store.writes(row.thread_id, row.checkpoint_ns, row.checkpoint_id);
    const pendingWrites: CheckpointPendingWrite[] = [];
    for (const write of writes) pendingWrites.push([write.task_id, write.channel, await loadsTyped(this.serde, write.type, write.value)]);
    const tuple: CheckpointTuple = {
      config: { configurable: { thread_id: row.thread_id, checkpoint_ns: row.checkpoint_ns, checkpoint_id: row.checkpoint_id } },
      checkpoint,
      metadata: knownMetadata ?? ((await loadsTyped(this.serde, row.metadata_type, row.metadata)) as CheckpointMetadata),
      pendingWrites,
    };
    if (row.parent_id !== null) tuple.parentConfig = { configurable: { thread_id: row.thread_id, checkpoint_ns: row.checkpoint_ns, checkpoint_id: row.parent_id } };
    return tuple;
  }

  /** Checkpoints older than format 4 kept pending sends as the parent's TASKS writes; LangGraph expects them as a channel. */
  private async migratePendingSends(checkpoint: Checkpoint, row: CheckpointRow): Promise<void> {
    const writes = await this.store.writes(row.thread_id, row.checkpoint_ns, row.parent_id!);
    const sends = await Promise.all(writes.filter((write) => write.channel === TASKS).map((write) => loadsTyped(this.serde, write.type, write.value)));
    checkpoint.channel_values[TASKS] = sends;
    const versions = Object.values(checkpoint.channel_versions);
    checkpoint.channel_versions[TASKS] = versions.length > 0 ? maxChannelVersion(...versions) : this.getNextVersion(undefined);
  }
}
