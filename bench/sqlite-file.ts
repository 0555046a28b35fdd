/** Raw SQLite helpers for measuring store files: settings, size after a WAL checkpoint, cleanup. */
import { existsSync, rmSync, statSync } from "node:fs";
import Database from "better-sqlite3";
import type { SqliteSettings } from "./engine.ts";

const SYNCHRONOUS = ["OFF", "NORMAL", "FULL", "EXTRA"];

/** What a connection actually runs with: journal mode, effective synchronous level, page size. */
export function readSettings(db: Database.Database): SqliteSettings {
  const level = Number(db.pragma("synchronous", { simple: true }));
  return {
    journalMode: String(db.pragma("journal_mode", { simple: true })),
    synchronous: SYNCHRONOUS[level] ?? String(level),
    pageSize: Number(db.pragma("page_size", { simple: true })),
  };
}

function sizeOf(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

/** Bytes of the database plus its WAL after `wal_checkpoint(TRUNCATE)`. Call once the engine closed its store. */
export function fileBytes(path: string): number {
  const db = new Database(path);
  try {
    db.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.close();
  }
  return sizeOf(path) + sizeOf(`${path}-wal`);
}

/** Delete a database file with its WAL and shared-memory files. */
export function removeDb(path: string): void {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${path}${suffix}`, { force: true });
}
