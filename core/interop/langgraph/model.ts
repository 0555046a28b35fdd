/**
 * One stored checkpoint and its writes, decoded into plain shown values (docs/langgraph-format.md, sections 3 and 4). Decoding
 * never throws: what cannot be read is a placeholder plus a problem sentence naming the file, thread,
 * checkpoint and channel, which views surface as warnings.
 */
import type { CheckpointSource } from "../../api/types.ts";
import { decodeJsonText, decodePayload, type DecodedPayload } from "../serde/payload.ts";
import type { CheckpointRow, WriteRow } from "./rows.ts";
import type { Version } from "./channels.ts";

export type Dialect = "js" | "py";

export interface LoadedCheckpoint {
  id: string;
  parentId: string | null;
  threadId: string;
  namespace: string;
  /** Serializer type of the checkpoint (and, in JS, metadata) column. */
  type: string | null;
  /** False when the checkpoint blob could not be read as an object: values, versions are then empty. */
  readable: boolean;
  v: number | null;
  ts: string | null;
  createdAt: number | null;
  /** Every channel, internal ones included, as shown values. */
  channelValues: Record<string, unknown>;
  versions: Record<string, Version>;
  versionsSeen: Record<string, Record<string, Version>>;
  /** Python checkpoints before format v4 keep waiting Send packets here. */
  pendingSends: unknown[] | null;
  metadata: Record<string, unknown>;
  step: number;
  source: CheckpointSource;
  problems: string[];
  /** The decoded payloads, kept for writing edits. */
  payload: DecodedPayload;
  metadataPayload: DecodedPayload;
}

export interface LoadedWrite {
  checkpointId: string;
  taskId: string;
  idx: number;
  channel: string;
  type: string | null;
  value: unknown;
  problem?: string;
}

const SOURCES = new Set(["input", "loop", "update", "fork"]);
const utf8 = new TextDecoder("utf-8");

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/** The fields of a shown map, looking through the `$dict` wrapper of tags.ts. */
export function fieldsOf(value: unknown): Record<string, unknown> {
  if (!isRecord(value)) return {};
  return isRecord(value.$dict) && Object.keys(value).length === 1 ? value.$dict : value;
}

function versionsOf(value: unknown): Record<string, Version> {
  const out: Record<string, Version> = {};
  for (const [channel, version] of Object.entries(fieldsOf(value))) {
    if (typeof version === "number" || typeof version === "string") out[channel] = version;
  }
  return out;
}

/** A step read from an id's clock sequence, for checkpoints whose metadata cannot be read. */
export function stepFromId(id: string): number {
  const field = parseInt(id.split("-")[3] ?? "8000", 16);
  return field === 0xffff || field === 0xbfff ? -1 : field & 0x3fff;
}

export function loadCheckpoint(row: CheckpointRow, dialect: Dialect, file: string): LoadedCheckpoint {
  const where = `checkpoint "${row.checkpoint_id}" of thread "${row.thread_id}"${row.checkpoint_ns ? ` (namespace "${row.checkpoint_ns}")` : ""} in "${file}"`;
  const problems: string[] = [];
  const payload = decodePayload(row.type, row.checkpoint, `the checkpoint blob of ${where}`);
  if (payload.problem) problems.push(payload.problem);
  // Python writes metadata as plain JSON whatever the checkpoint's type; LangGraph.js uses its type.
  const metadataPayload = dialect === "py" ? decodeJsonText(metadataText(row.metadata), `the metadata of ${where}`) : decodePayload(row.type, row.metadata, `the metadata of ${where}`);
  if (metadataPayload.problem) problems.push(metadataPayload.problem);
  const checkpoint = fieldsOf(payload.value);
  const readable = isRecord(payload.value) && "channel_values" in checkpoint;
  if (!readable && !payload.problem) problems.push(`the checkpoint blob of ${where} is not a checkpoint object`);
  const metadata = fieldsOf(metadataPayload.value);
  const step = typeof metadata.step === "number" ? metadata.step : stepFromId(row.checkpoint_id);
  const source = typeof metadata.source === "string" && SOURCES.has(metadata.source) ? (metadata.source as CheckpointSource) : row.parent_checkpoint_id ? "loop" : "input";
  const ts = typeof checkpoint.ts === "string" ? checkpoint.ts : null;
  const parsed = ts ? Date.parse(ts) : NaN;
  const versionsSeen: Record<string, Record<string, Version>> = {};
  for (const [node, seen] of Object.entries(fieldsOf(checkpoint.versions_seen))) versionsSeen[node] = versionsOf(seen);
  return {
    id: row.checkpoint_id,
    parentId: row.parent_checkpoint_id,
    threadId: row.thread_id,
    namespace: row.checkpoint_ns,
    type: row.type,
    readable,
    v: typeof checkpoint.v === "number" ? checkpoint.v : null,
    ts,
    createdAt: Number.isNaN(parsed) ? null : parsed,
    channelValues: { ...fieldsOf(checkpoint.channel_values) },
    versions: versionsOf(checkpoint.channel_versions),
    versionsSeen,
    pendingSends: Array.isArray(checkpoint.pending_sends) ? checkpoint.pending_sends : null,
    metadata,
    step,
    source,
    problems,
    payload,
    metadataPayload,
  };
}

function metadataText(data: Uint8Array | string | null): string {
  if (data === null) return "{}";
  return typeof data === "string" ? data : utf8.decode(data);
}

export function loadWrite(row: WriteRow, where: string): LoadedWrite {
  const what = `the value of channel "${row.channel}" written by task "${row.task_id}" against ${where}`;
  const decoded = decodePayload(row.type, row.value, what);
  const write: LoadedWrite = { checkpointId: row.checkpoint_id, taskId: row.task_id, idx: row.idx, channel: row.channel, type: row.type, value: decoded.value };
  if (decoded.problem) write.problem = decoded.problem;
  return write;
}
