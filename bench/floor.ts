/**
 * W5 "sqlite-floor": better-sqlite3 alone, no engine and no serialization. One committed transaction
 * per row is the physical floor for "one durable checkpoint per superstep" on this disk; the read
 * floors are the fastest any store could hand back W3's bytes.
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import type { Sizes } from "./options.ts";
import { fileBytes, removeDb } from "./sqlite-file.ts";
import { forceGc, type Sample } from "./stats.ts";
import { tempDbPath } from "./temp-files.ts";
import { check } from "./workloads/check.ts";
import { makeMessage } from "./workloads/messages.ts";

export type BlobName = "w1" | "w2" | "delta";
export type BlobSizes = Record<BlobName, number>;
export const SYNC_MODES = ["FULL", "NORMAL", "OFF"] as const;

/**
 * LangGraph.js 1.7.3's serialized bytes per checkpoint on W1 and W2, measured by this bench. Used only
 * when the peer is not run in this invocation (`--engines chronograph`); otherwise the live figures are.
 */
export const PEER_BLOB_FALLBACK = { w1: 553, w2: 268_081 };

/** One W2 message as JSON: what a delta design stores per W2 step. */
export const DELTA_BYTES = JSON.stringify(makeMessage(0)).length;

const SCHEMA = "CREATE TABLE checkpoint(thread_id TEXT, step INTEGER, parent_step INTEGER, data BLOB, PRIMARY KEY(thread_id, step))";
const INSERT = "INSERT INTO checkpoint VALUES (?, ?, ?, ?)";

function createFloorDb(path: string, synchronous: string): Database.Database {
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${synchronous}`);
  db.exec(SCHEMA);
  return db;
}

/** `rows` inserts of a `size`-byte blob, each its own transaction (autocommit). */
function writeFloor(size: number, rows: number, synchronous: string): Sample {
  const path = tempDbPath(`floor-${size}-${synchronous}`);
  const db = createFloorDb(path, synchronous);
  const insert = db.prepare(INSERT);
  const blob = randomBytes(size);
  forceGc();
  const start = performance.now();
  for (let step = 0; step < rows; step++) insert.run("t", step, step - 1, blob);
  const ms = performance.now() - start;
  db.close();
  const bytes = fileBytes(path);
  removeDb(path);
  return { rows_per_s: (rows * 1000) / ms, us_per_row: (ms * 1000) / rows, file_bytes: bytes };
}

/** All rows newest first, then the middle row by key, on a fresh read-only connection; raw bytes only. */
function readFloor(size: number, rows: number): Sample {
  const path = tempDbPath(`floor-read-${size}`);
  const writer = createFloorDb(path, "NORMAL");
  const insert = writer.prepare(INSERT);
  const blob = randomBytes(size);
  writer.transaction(() => {
    for (let step = 0; step < rows; step++) insert.run("t", step, step - 1, blob);
  })();
  writer.close();

  const db = new Database(path, { readonly: true });
  forceGc();
  const start = performance.now();
  const all = db.prepare("SELECT step, parent_step, data FROM checkpoint WHERE thread_id = ? ORDER BY step DESC").all("t");
  const allMs = performance.now() - start;
  const midStart = performance.now();
  const mid = db.prepare("SELECT step, parent_step, data FROM checkpoint WHERE thread_id = ? AND step = ?").get("t", Math.floor(rows / 2)) as { data: Buffer } | undefined;
  const midMs = performance.now() - midStart;
  db.close();
  removeDb(path);
  check(all.length === rows && mid?.data.length === size, `W5 read floor: got ${all.length} rows`);
  return { all_ms: allMs, all_us_per_row: (allMs * 1000) / rows, mid_ms: midMs };
}

function prefixed(prefix: string, sample: Sample): Sample {
  return Object.fromEntries(Object.entries(sample).map(([key, value]) => [`${prefix}_${key}`, value]));
}

/** Every W5 figure for one repetition, keyed `write_<blob>_<sync>_<figure>` and `read_<blob>_<figure>`. */
export function runFloor(blobs: BlobSizes, sizes: Sizes): Sample {
  const rows: BlobSizes = { w1: sizes.floorRows, delta: sizes.floorRows, w2: sizes.floorW2Rows };
  const readRows: BlobSizes = { w2: sizes.floorReadRows, delta: sizes.floorReadRows, w1: sizes.floorReadW1Rows };
  const sample: Sample = {};
  for (const name of ["w1", "w2", "delta"] as const) {
    sample[`blob_${name}_bytes`] = blobs[name];
    for (const sync of SYNC_MODES) Object.assign(sample, prefixed(`write_${name}_${sync}`, writeFloor(blobs[name], rows[name], sync)));
    Object.assign(sample, prefixed(`read_${name}`, readFloor(blobs[name], readRows[name])));
  }
  return sample;
}
