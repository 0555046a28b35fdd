/**
 * Small hostile files, one per defect they once triggered, built fresh in a temp folder: a Chronograph
 * database written by the real engine then damaged row by row, and Python-format LangGraph databases
 * written with the test helpers. Each builder returns the file's path.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import Database from "better-sqlite3";
import { pyCheckpointId, pyVersion, writePythonDatabase, type PyCheckpoint } from "../interop/python-format.ts";
import { writeLongThread } from "./long-thread.ts";

/** A Chronograph database of `steps` steps on thread "long" (a counter and a growing list "notes"). */
export async function chronographFile(dir: string, name: string, steps = 30): Promise<string> {
  const file = join(dir, name);
  await writeLongThread(file, steps);
  return file;
}

/** Apply `edit` to the raw rows of a database (a damaged or hand-edited file). */
export function editRows(file: string, edit: (db: Database.Database) => void): void {
  const db = new Database(file);
  try {
    edit(db);
    db.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.close();
  }
}

/** Checkpoint ids of thread "long", newest first. */
export function checkpointIds(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare("SELECT checkpoint_id FROM checkpoints WHERE thread_id = 'long' ORDER BY seq DESC").pluck().all() as string[];
  } finally {
    db.close();
  }
}

/** The newest checkpoint's "notes" version is a delta whose base is the checkpoint itself. */
export async function selfReferencingDelta(dir: string): Promise<{ file: string; checkpoint: string }> {
  const file = await chronographFile(dir, "self-delta.db");
  const [newest] = checkpointIds(file);
  editRows(file, (db) => {
    const channels = JSON.parse(db.prepare("SELECT channels FROM checkpoints WHERE checkpoint_id = ?").pluck().get(newest) as string) as Record<string, unknown>;
    channels.notes = { b: newest, i: ["looped"], d: 1, s: 10 };
    db.prepare("UPDATE checkpoints SET channels = ? WHERE checkpoint_id = ?").run(JSON.stringify(channels), newest);
  });
  return { file, checkpoint: newest! };
}

/** Three damaged rows: bad JSON in `versions`, a created_at that is not a time, a value nested 100,000 deep. */
export async function damagedRows(dir: string): Promise<{ file: string; badJson: string; badTime: string; deep: string; good: string }> {
  const file = await chronographFile(dir, "damaged.db");
  const [deep, badTime, badJson, good] = checkpointIds(file) as [string, string, string, string];
  editRows(file, (db) => {
    db.prepare("UPDATE checkpoints SET versions = '{x' WHERE checkpoint_id = ?").run(badJson);
    db.prepare("UPDATE checkpoints SET created_at = 'yesterday' WHERE checkpoint_id = ?").run(badTime);
    const nested = `${"[".repeat(100_000)}1${"]".repeat(100_000)}`;
    const channels = JSON.parse(db.prepare("SELECT channels FROM checkpoints WHERE checkpoint_id = ?").pluck().get(deep) as string) as Record<string, unknown>;
    delete channels.count;
    const rest = JSON.stringify(channels).slice(1);
    const text = `{"count":{"v":${nested},"d":0,"s":1}${rest === "}" ? "}" : `,${rest}`}`;
    db.prepare("UPDATE checkpoints SET channels = ? WHERE checkpoint_id = ?").run(text, deep);
  });
  return { file, badJson, badTime, deep, good };
}

const v = pyVersion;

function pyCheckpoint(index: number, parent: string | null, values: Record<string, unknown>, metadata: Record<string, unknown> = {}): PyCheckpoint {
  return {
    thread: "py",
    id: pyCheckpointId(index, index - 1),
    parent,
    values,
    versions: Object.fromEntries(Object.keys(values).map((channel) => [channel, v(index + 1)])),
    seen: { __input__: {} },
    metadata: { source: "loop", step: index - 1, parents: {}, ...metadata },
  };
}

/** Two Python checkpoints each naming the other as parent, with a delta channel that walks the chain. */
export function pythonParentCycle(dir: string): { file: string; checkpoints: string[] } {
  const file = join(dir, "parent-cycle.sqlite");
  const a = pyCheckpointId(1, 0);
  const b = pyCheckpointId(2, 1);
  const delta = { counters_since_delta_snapshot: { messages: 1 } };
  writePythonDatabase(file, [{ ...pyCheckpoint(1, b, { topic: "a" }, delta), id: a }, { ...pyCheckpoint(2, a, { topic: "b" }, delta), id: b }], []);
  return { file, checkpoints: [a, b] };
}

/** A Python checkpoint whose channel "items" is one msgpack array of `count` one-byte items. */
export function pythonManyItems(dir: string, count: number): { file: string; checkpoint: string } {
  const file = join(dir, "many-items.sqlite");
  const id = pyCheckpointId(1, 0);
  // Built by hand: {"v":4,"id":…,"channel_values":{"items":[1,1,1,…]},"channel_versions":{},"versions_seen":{}}
  const head = (text: string) => [0xa0 | text.length, ...Buffer.from(text)];
  const idBytes = [0xd9, id.length, ...Buffer.from(id)];
  const prefix = Uint8Array.from([0x85, ...head("v"), 4, ...head("id"), ...idBytes, ...head("channel_values"), 0x81, ...head("items"), 0xdd, (count >>> 24) & 0xff, (count >>> 16) & 0xff, (count >>> 8) & 0xff, count & 0xff]);
  const suffix = Uint8Array.from([...head("channel_versions"), 0x81, ...head("items"), ...head("1"), ...head("versions_seen"), 0x80]);
  const raw = new Uint8Array(prefix.length + count + suffix.length);
  raw.set(prefix, 0);
  raw.fill(1, prefix.length, prefix.length + count);
  raw.set(suffix, prefix.length + count);
  writePythonDatabase(file, [{ ...pyCheckpoint(1, null, { topic: "x" }), id, raw }], []);
  return { file, checkpoint: id };
}

/** A named pipe where a database was expected. */
export function fifo(dir: string, name = "pipe.db"): string {
  const file = join(dir, name);
  execFileSync("mkfifo", [file]);
  return file;
}
