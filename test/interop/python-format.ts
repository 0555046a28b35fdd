/**
 * Python LangGraph's bytes, imitated for tests (no Python database exists in this project): msgpack
 * payloads with LangGraph's extension types built with @msgpack/msgpack's encoder and an
 * ExtensionCodec, Python-style JSON metadata, string versions, XXH3 task ids, and a SQLite file with
 * the two LangGraph tables. Mirrors docs/langgraph-format.md sections 2.2, 3, 4, 6 and 7.
 * The XXH3 used for ids here is LangGraph.js's own (an independent implementation from ours).
 */
import Database from "better-sqlite3";
import { encode, ExtensionCodec } from "@msgpack/msgpack";
// LangGraph.js's XXH3 (used for its interrupt ids), imported by path: it is not a public export.
// @ts-expect-error no types for this internal module
import { XXH3 } from "../../node_modules/@langchain/langgraph/dist/hash.js";

/** A Python object as LangGraph's encoder writes it: extension `code` holding a msgpack array. */
export class PyExt {
  constructor(readonly code: number, readonly items: unknown[]) {}
}

export const codec = new ExtensionCodec();
for (let code = 0; code <= 7; code += 1) {
  codec.register({
    type: code,
    encode: (value: unknown) => (value instanceof PyExt && value.code === code ? encode(code === 7 ? value.items[0] : value.items, { extensionCodec: codec }) : null),
    decode: () => null,
  });
}

/** A raw extension with arbitrary data (for unknown codes and broken payloads). */
export class RawExt {
  constructor(readonly code: number, readonly data: Uint8Array) {}
}
codec.register({ type: 42, encode: (value: unknown) => (value instanceof RawExt && value.code === 42 ? value.data : null), decode: () => null });

export const pack = (value: unknown): Uint8Array => encode(value, { extensionCodec: codec, useBigInt64: true });

export const py = {
  set: (items: unknown[]) => new PyExt(0, ["builtins", "set", items]),
  frozenset: (items: unknown[]) => new PyExt(0, ["builtins", "frozenset", items]),
  deque: (items: unknown[]) => new PyExt(0, ["collections", "deque", items]),
  uuid: (hex32: string) => new PyExt(0, ["uuid", "UUID", hex32]),
  decimal: (text: string) => new PyExt(0, ["decimal", "Decimal", text]),
  ip: (cls: string, text: string) => new PyExt(0, ["ipaddress", cls, text]),
  zone: (key: string) => new PyExt(0, ["zoneinfo", "ZoneInfo", key]),
  enum: (module: string, cls: string, value: unknown) => new PyExt(0, [module, cls, value]),
  path: (parts: string[]) => new PyExt(1, ["pathlib", "PosixPath", parts]),
  regex: (pattern: string, flags: number) => new PyExt(1, ["re", "compile", [pattern, flags]]),
  timedelta: (days: number, seconds: number, micros: number) => new PyExt(1, ["datetime", "timedelta", [days, seconds, micros]]),
  date: (year: number, month: number, day: number) => new PyExt(1, ["datetime", "date", [year, month, day]]),
  timezone: (offset: PyExt) => new PyExt(1, ["datetime", "timezone", [offset]]),
  time: (fields: Record<string, unknown>) => new PyExt(2, ["datetime", "time", fields]),
  datetime: (iso: string) => new PyExt(3, ["datetime", "datetime", iso, "fromisoformat"]),
  send: (node: string, arg: unknown) => new PyExt(1, ["langgraph.types", "Send", [node, arg]]),
  interrupt: (value: unknown, id: string) => new PyExt(2, ["langgraph.types", "Interrupt", { value, id }]),
  dataclass: (module: string, cls: string, fields: Record<string, unknown>) => new PyExt(2, [module, cls, fields]),
  pydanticV1: (module: string, cls: string, fields: Record<string, unknown>) => new PyExt(4, [module, cls, fields]),
  pydantic: (module: string, cls: string, fields: Record<string, unknown>) => new PyExt(5, [module, cls, fields, "model_validate_json"]),
  numpy: (dtype: string, shape: number[], order: string, buffer: Uint8Array) => new PyExt(6, [dtype, shape, order, buffer]),
  delta: (value: unknown) => new PyExt(7, [value]),
  human: (content: string, id: string) =>
    new PyExt(5, ["langchain_core.messages.human", "HumanMessage", { content, additional_kwargs: {}, response_metadata: {}, type: "human", name: null, id }, "model_validate_json"]),
  ai: (content: string, id: string, toolCalls: unknown[] = []) =>
    new PyExt(5, ["langchain_core.messages.ai", "AIMessage", { content, additional_kwargs: {}, response_metadata: {}, type: "ai", name: null, id, tool_calls: toolCalls, invalid_tool_calls: [], usage_metadata: null }, "model_validate_json"]),
};

/** Python's json.dumps separators. */
export function pyJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pyJson).join(", ")}]`;
  if (value !== null && typeof value === "object") return `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}: ${pyJson(item)}`).join(", ")}}`;
  return JSON.stringify(value);
}

export const pyVersion = (counter: number) => `${String(counter).padStart(32, "0")}.0.${String(4758461870319553 + counter)}`;

function uuidBytes(uuid: string): Uint8Array {
  return Uint8Array.from(uuid.replaceAll("-", "").match(/../g)!.map((pair) => parseInt(pair, 16)));
}

/** Python v2+ task id: XXH3-128 of the checkpoint id's bytes + path + step + node + kind + triggers. */
export function pyTaskId(checkpointId: string, namespace: string, step: number, node: string, triggers: string[]): string {
  const path = namespace === "" ? node : `${namespace}|${node}`;
  const text = new TextEncoder().encode(`${path}${step}${node}__pregel_pull${[...triggers].sort().join("")}`);
  const bytes = new Uint8Array([...uuidBytes(checkpointId), ...text]);
  const hex = XXH3(bytes) as string;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A Python-style checkpoint id: UUIDv6 with `0x8000 | step` (bfff for -1) as clock sequence. */
export function pyCheckpointId(index: number, step: number): string {
  const clock = (0x8000 | (step & 0x3fff)).toString(16);
  return `1f0a1b2c-${(0x3000 + index).toString(16)}-6${(0x100 + index).toString(16)}-${clock}-${(0xa0000000 + index).toString(16).padStart(12, "0")}`;
}

export interface PyCheckpoint {
  thread: string;
  ns?: string;
  id: string;
  parent: string | null;
  values: Record<string, unknown>;
  versions: Record<string, string>;
  seen: Record<string, Record<string, string>>;
  metadata: Record<string, unknown>;
  updated?: string[] | null;
  /** Override the stored bytes (broken payloads). */
  raw?: Uint8Array;
  type?: string;
}

export interface PyWrite {
  thread: string;
  ns?: string;
  checkpoint: string;
  task: string;
  idx: number;
  channel: string;
  value: unknown;
  type?: string;
  raw?: Uint8Array;
}

export function checkpointBytes(checkpoint: PyCheckpoint, ts = "2025-03-04T10:15:30.123456+00:00"): Uint8Array {
  return pack({ v: 4, ts, id: checkpoint.id, channel_values: checkpoint.values, channel_versions: checkpoint.versions, versions_seen: checkpoint.seen, updated_channels: checkpoint.updated ?? null });
}

/** Write a Python-format database at `file`. */
export function writePythonDatabase(file: string, checkpoints: PyCheckpoint[], writes: PyWrite[]): void {
  const db = new Database(file);
  db.exec(`CREATE TABLE checkpoints (thread_id TEXT NOT NULL, checkpoint_ns TEXT NOT NULL DEFAULT '', checkpoint_id TEXT NOT NULL, parent_checkpoint_id TEXT, type TEXT, checkpoint BLOB, metadata BLOB, PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id));
    CREATE TABLE writes (thread_id TEXT NOT NULL, checkpoint_ns TEXT NOT NULL DEFAULT '', checkpoint_id TEXT NOT NULL, task_id TEXT NOT NULL, idx INTEGER NOT NULL, channel TEXT NOT NULL, type TEXT, value BLOB, PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id, task_id, idx));`);
  const insertCheckpoint = db.prepare("INSERT INTO checkpoints VALUES (?, ?, ?, ?, ?, ?, ?)");
  for (const c of checkpoints) {
    insertCheckpoint.run(c.thread, c.ns ?? "", c.id, c.parent, c.type ?? "msgpack", Buffer.from(c.raw ?? checkpointBytes(c)), Buffer.from(pyJson(c.metadata)));
  }
  const insertWrite = db.prepare("INSERT INTO writes VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  for (const w of writes) {
    const type = w.type ?? (w.value === null ? "null" : "msgpack");
    const value = w.raw ?? (type === "null" ? new Uint8Array() : pack(w.value));
    insertWrite.run(w.thread, w.ns ?? "", w.checkpoint, w.task, w.idx, w.channel, type, Buffer.from(value));
  }
  db.close();
}
