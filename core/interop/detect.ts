/**
 * Which kind of checkpoint database a file is, from its schema and content (docs/langgraph-format.md, section 1):
 * - "chronograph": our tables (schema_version, checkpoints, blobs, writes, threads, graphs);
 * - "langgraph-py": LangGraph's two tables with Python payloads (msgpack or another Python serializer
 *   type, string versions, Python's JSON spacing, `+00:00` timestamps);
 * - "langgraph-js": the same tables with LangGraph.js JSON (also an empty LangGraph file: the two
 *   runtimes create identical tables, and JS is what writes an empty file most often);
 * - "chronograph-saver": ChronographSaver's tables (lg_schema_version, lg_checkpoints, lg_values, lg_writes),
 *   LangGraph.js history in Chronograph's storage. A file holding other kinds' tables too is that other kind.
 * Throws FILE_NOT_FOUND, NOT_A_DATABASE, NOT_A_CHECKPOINT_DATABASE (also for LangGraph 0.0.x files,
 * whose single `thread_ts` table is not supported), or DATABASE_LOCKED (after `busyTimeoutMs`, default
 * 2000), each naming the file. Never writes to the file.
 */
import { ChronographError } from "../api/errors.ts";
import type { DatabaseKind } from "../api/types.ts";
import { openRawDatabase, type RawDatabase } from "../storage/sqlite/raw.ts";
import { schemaOf } from "./langgraph/rows.ts";

const CHRONOGRAPH_TABLES = ["schema_version", "checkpoints", "blobs", "writes", "threads", "graphs"];
const CHECKPOINT_COLUMNS = ["thread_id", "checkpoint_ns", "checkpoint_id", "parent_checkpoint_id", "type", "checkpoint", "metadata"];
const WRITE_COLUMNS = ["thread_id", "checkpoint_ns", "checkpoint_id", "task_id", "idx", "channel", "type", "value"];
const SAVER_TABLES = ["lg_schema_version", "lg_checkpoints", "lg_values", "lg_writes"];
const PYTHON_TYPES = new Set(["msgpack", "pickle", "null", "bytearray"]);

export function detectKind(path: string, options: { busyTimeoutMs?: number } = {}): DatabaseKind {
  const db = openRawDatabase(path, { readonly: true, busyTimeoutMs: options.busyTimeoutMs });
  try {
    return kindOf(db);
  } finally {
    db.close();
  }
}

/** The kind of an open database (see detectKind). */
export function kindOf(db: RawDatabase): DatabaseKind {
  const { tables, columns } = schemaOf(db);
  if (CHRONOGRAPH_TABLES.every((name) => tables.has(name))) return "chronograph";
  const file = db.file;
  if (tables.has("checkpoints") && columns("checkpoints").has("thread_ts")) {
    throw new ChronographError("NOT_A_CHECKPOINT_DATABASE", `"${file}" holds checkpoints in the LangGraph 0.0.x format (a "thread_ts" column), which Chronograph does not read.`, { file });
  }
  const isLangGraph = tables.has("checkpoints") && tables.has("writes") && CHECKPOINT_COLUMNS.every((c) => columns("checkpoints").has(c)) && WRITE_COLUMNS.every((c) => columns("writes").has(c));
  if (!isLangGraph && SAVER_TABLES.every((name) => tables.has(name))) return "chronograph-saver";
  if (!isLangGraph) {
    const what = tables.size === 0 ? "an empty SQLite database" : `a SQLite database (tables: ${[...tables].sort().slice(0, 8).join(", ")})`;
    throw new ChronographError("NOT_A_CHECKPOINT_DATABASE", `"${file}" is ${what}, not a checkpoint database written by Chronograph or LangGraph.`, { file });
  }
  return looksPython(db) ? "langgraph-py" : "langgraph-js";
}

function looksPython(db: RawDatabase): boolean {
  // The oldest and newest rows of each table (by rowid: two index seeks), not a scan of every row: one
  // library wrote the file, and a scan reads every blob page of a multi-gigabyte file.
  const sampled = (table: string) =>
    db.all<{ type: string | null }>(`SELECT type FROM (SELECT type FROM ${table} ORDER BY rowid LIMIT 200) UNION SELECT type FROM (SELECT type FROM ${table} ORDER BY rowid DESC LIMIT 200)`);
  const types = [...sampled("checkpoints"), ...sampled("writes")].map((row) => row.type ?? "json");
  if (types.some((type) => PYTHON_TYPES.has(type) || type.includes("+"))) return true;
  // All JSON: Python before its msgpack switch, or LangGraph.js. Python's json.dumps puts a space after
  // ':' and ',', its timestamps end in +00:00, and its versions are strings.
  const sample = db.get<{ checkpoint: Uint8Array | string | null; metadata: Uint8Array | string | null }>("SELECT checkpoint, metadata FROM checkpoints ORDER BY rowid DESC LIMIT 1");
  if (!sample) return false;
  const text = (data: Uint8Array | string | null) => (data === null ? "" : typeof data === "string" ? data : new TextDecoder().decode(data));
  const metadata = text(sample.metadata);
  if (/^\{"[^"]*": /.test(metadata)) return true;
  try {
    const checkpoint = JSON.parse(text(sample.checkpoint)) as { ts?: unknown; channel_versions?: Record<string, unknown> };
    if (typeof checkpoint.ts === "string" && checkpoint.ts.endsWith("+00:00")) return true;
    return Object.values(checkpoint.channel_versions ?? {}).some((version) => typeof version === "string");
  } catch {
    return false;
  }
}
