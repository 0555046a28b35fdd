/**
 * Shared by the interop tests: where the LangGraph fixtures are, their `.expected.json` oracles, temp
 * copies (fixtures are read-only on disk; anything that writes works on a copy), and file checksums.
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import Database from "better-sqlite3";

export const FIXTURES = resolve(import.meta.dirname, "../fixtures/langgraph-js");

/** Names of every LangGraph.js fixture database ("fork-update.sqlite", ...). */
export function fixtureNames(): string[] {
  return readdirSync(FIXTURES).filter((name) => name.endsWith(".sqlite")).sort();
}

export interface ExpectedTask {
  id: string;
  name: string;
  path?: unknown[];
  error: { name: string; message: string } | null;
  interrupts: Array<{ id: string; value: unknown }>;
  has_result: boolean;
}

export interface ExpectedCheckpoint {
  checkpoint_id: string;
  parent_checkpoint_id: string | null;
  step: number;
  source: string;
  metadata: Record<string, unknown>;
  created_at: string;
  writers: string[];
  next: string[];
  tasks: ExpectedTask[];
  pending_writes: Array<{ task_id: string; channel: string; value: unknown }>;
  channel_versions: Record<string, number>;
  versions_seen: Record<string, Record<string, number>>;
  values: Record<string, unknown>;
}

export interface ExpectedNamespace {
  thread_id: string;
  checkpoint_ns: string;
  checkpoint_count: number;
  latest_checkpoint_id: string;
  roots: string[];
  leaves: string[];
  branch_points: Array<{ checkpoint_id: string; children: string[] }>;
  checkpoints: ExpectedCheckpoint[];
  head: { checkpoint_id: string; next: string[]; tasks: ExpectedTask[]; values: Record<string, unknown> };
}

export interface Expected {
  thread_ids: string[];
  checkpoint_counts: Record<string, Record<string, number>>;
  graph_nodes: string[];
  scenario: Record<string, unknown>;
  namespaces: ExpectedNamespace[];
}

export function expectedOf(name: string): Expected {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.expected.json`), "utf8")) as Expected;
}

/** A fresh temp folder; `cleanup` removes it. */
export function tempDir(prefix = "chronograph-interop-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Copy a fixture into `dir` (writable), returning the copy's path. */
export function copyFixture(name: string, dir: string): string {
  const target = join(dir, basename(name));
  copyFileSync(join(FIXTURES, name), target);
  return target;
}

/**
 * Copy one thread of a LangGraph SQLite file `copies` times, as `${threadId}-0`, `${threadId}-1`, … (its
 * checkpoints and writes, in one transaction): a file with many threads from a fixture's one.
 */
export function copyThread(file: string, threadId: string, copies: number): void {
  const db = new Database(file);
  try {
    db.transaction(() => {
      for (const table of ["checkpoints", "writes"]) {
        db.prepare(`CREATE TEMP TABLE copy_${table} AS SELECT * FROM ${table} WHERE thread_id = ?`).run(threadId);
        const move = db.prepare(`UPDATE copy_${table} SET thread_id = ?`);
        const insert = db.prepare(`INSERT INTO ${table} SELECT * FROM copy_${table}`);
        for (let n = 0; n < copies; n++) {
          move.run(`${threadId}-${n}`);
          insert.run();
        }
      }
    })();
  } finally {
    db.close();
  }
}

/** SHA-256 of a file and of its -wal / -shm companions when present. */
export function checksums(file: string): Record<string, string> {
  const sums: Record<string, string> = {};
  for (const suffix of ["", "-wal", "-journal"]) {
    const path = file + suffix;
    if (existsSync(path)) sums[suffix || "main"] = createHash("sha256").update(readFileSync(path)).digest("hex");
  }
  return sums;
}
