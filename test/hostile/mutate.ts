/**
 * Seeded mutations of a database file for the fuzz test: byte-level damage (pages, truncation) and
 * row-level edits (JSON and msgpack columns, parent and delta cycles). Each returns a description, so a
 * failing case can be named and replayed from its seed.
 */
import { readFileSync, truncateSync, writeFileSync } from "node:fs";
import Database from "better-sqlite3";
import type { Random } from "../support/random.ts";

const below = (random: Random, n: number) => Math.floor(random() * n);
const pick = <T>(random: Random, items: readonly T[]): T => items[below(random, items.length)]!;

function corruptPages(file: string, random: Random): string {
  const bytes = readFileSync(file);
  const count = 1 + below(random, 16);
  // Mostly past the 100-byte header: a damaged header is refused at once, damaged pages are the interesting part.
  for (let index = 0; index < count; index += 1) bytes[random() < 0.1 ? below(random, 100) : 100 + below(random, bytes.length - 100)] = below(random, 256);
  writeFileSync(file, bytes);
  return `corrupted ${count} byte(s)`;
}

function truncate(file: string, random: Random): string {
  const size = readFileSync(file).length;
  const length = random() < 0.5 ? below(random, size) : Math.floor(below(random, size / 4096 + 1)) * 4096;
  truncateSync(file, length);
  return `truncated to ${length} of ${size} bytes`;
}

/** JSON text damaged the ways hand edits and torn writes damage it. */
function mutateJson(text: string, random: Random): string {
  switch (below(random, 7)) {
    case 0: return text.slice(0, below(random, text.length));
    case 1: return `{${text}`;
    case 2: return `${"[".repeat(20_000)}${"]".repeat(20_000)}`;
    case 3: return text.replace(/\d+/, '"not a number"');
    case 4: return text.replace(/"[^"]*"/, "null");
    case 5: return JSON.stringify(Array.from({ length: 1000 }, () => text.slice(0, 50)));
    default: {
      const at = below(random, text.length + 1);
      return text.slice(0, at) + pick(random, ["}", "]", ",", '"', "\\", "\u0000"]) + text.slice(at);
    }
  }
}

/** Msgpack bytes damaged: flipped bytes, a huge container header, a cut. */
function mutateMsgpack(bytes: Uint8Array, random: Random): Uint8Array {
  const copy = Uint8Array.from(bytes);
  switch (below(random, 4)) {
    case 0:
      for (let index = 0; index < 1 + below(random, 8); index += 1) if (copy.length > 0) copy[below(random, copy.length)] = below(random, 256);
      return copy;
    case 1: return copy.subarray(0, below(random, copy.length + 1));
    case 2: return Uint8Array.from([0xdd, 0x7f, 0xff, 0xff, 0xff, ...copy]);
    default: return Uint8Array.from([0xdf, 0x00, 0x10, 0x00, 0x00, ...copy.subarray(0, 64)]);
  }
}

interface Column {
  table: string;
  name: string;
}

function columnsOf(db: Database.Database): Column[] {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  return tables.flatMap((table) => (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]).map((name) => ({ table, name })));
}

function editRow(file: string, random: Random): string {
  const db = new Database(file);
  try {
    const columns = columnsOf(db);
    if (columns.length === 0) return "no columns to edit";
    const column = pick(random, columns);
    const rowids = db.prepare(`SELECT rowid FROM "${column.table}"`).pluck().all() as number[];
    if (rowids.length === 0) return `table ${column.table} is empty`;
    const rowid = pick(random, rowids);
    const value = db.prepare(`SELECT "${column.name}" FROM "${column.table}" WHERE rowid = ?`).pluck().get(rowid);
    let next: unknown;
    if (typeof value === "string") next = mutateJson(value, random);
    else if (value instanceof Uint8Array) next = Buffer.from(mutateMsgpack(value, random));
    else next = pick(random, [null, -1, 2 ** 53, "text", 1e308]);
    db.prepare(`UPDATE "${column.table}" SET "${column.name}" = ? WHERE rowid = ?`).run(next, rowid);
    return `edited ${column.table}.${column.name} of row ${rowid}`;
  } catch (error) {
    // A constraint refused the edit: the file is unchanged, which is still a fine case.
    return `edit refused (${(error as Error).message})`;
  } finally {
    db.close();
  }
}

/** Point a checkpoint's parent at itself or at a descendant, or a Chronograph delta at its own checkpoint. */
function makeCycle(file: string, random: Random): string {
  const db = new Database(file);
  try {
    const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
    if (!tables.has("checkpoints")) return "no checkpoints table";
    const columns = new Set(db.prepare("SELECT name FROM pragma_table_info('checkpoints')").pluck().all() as string[]);
    const parent = columns.has("parent_checkpoint_id") ? "parent_checkpoint_id" : "parent_id";
    const ids = db.prepare("SELECT checkpoint_id FROM checkpoints").pluck().all() as string[];
    if (ids.length === 0) return "no checkpoints";
    const victim = pick(random, ids);
    if (columns.has("channels") && random() < 0.5) {
      const channels = JSON.parse(db.prepare("SELECT channels FROM checkpoints WHERE checkpoint_id = ?").pluck().get(victim) as string) as Record<string, Record<string, unknown>>;
      for (const blob of Object.values(channels)) blob.b = victim;
      db.prepare("UPDATE checkpoints SET channels = ? WHERE checkpoint_id = ?").run(JSON.stringify(channels), victim);
      return `every delta of ${victim} based on itself`;
    }
    const target = random() < 0.5 ? victim : pick(random, ids);
    db.prepare(`UPDATE checkpoints SET "${parent}" = ? WHERE checkpoint_id = ?`).run(target, victim);
    return `parent of ${victim} set to ${target}`;
  } catch (error) {
    return `cycle refused (${(error as Error).message})`;
  } finally {
    db.close();
  }
}

/** Apply one to three mutations chosen by `random` to `file`; returns what was done. */
export function mutate(file: string, random: Random): string {
  const done: string[] = [];
  const count = 1 + below(random, 3);
  for (let index = 0; index < count; index += 1) {
    const kind = below(random, 10);
    // Byte-level damage last: after it, SQLite may refuse to open the file for row edits.
    if (kind < 4) done.push(editRow(file, random));
    else if (kind < 6) done.push(makeCycle(file, random));
    else if (kind < 8 && index === count - 1) done.push(corruptPages(file, random));
    else if (index === count - 1) done.push(truncate(file, random));
    else done.push(editRow(file, random));
  }
  return done.join("; ");
}
