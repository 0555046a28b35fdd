/**
 * A LangGraph file's thread statuses kept between sessions in a sidecar JSON file, never inside the
 * user's file: one file per database (by its real path, device and inode) in a cache folder the caller
 * names. A status depends only on the thread's root head and the writes stored against it, so an entry
 * keeps the head id it was decided from (a new checkpoint changes the head, and the entry no longer
 * applies), and the cache keeps the writes table's high-water marks (largest rowid and row count) taken
 * when it was loaded. On the next load, writes added since (LangGraph's INSERT OR REPLACE gives a replaced
 * row a new rowid) drop the entries of the threads they name; marks that went backwards or a count that
 * does not add up (deleted rows, a VACUUM) drop everything.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ThreadStatus } from "../../api/types.ts";
import type { RawDatabase } from "../../storage/sqlite/raw.ts";

const STATUSES: readonly ThreadStatus[] = ["done", "error", "interrupted", "pending"];

interface Marks {
  rowid: number;
  count: number;
}

interface Stored {
  version: 1;
  file: string;
  marks: Marks;
  /** thread id -> [root namespace, head id, status] */
  threads: Record<string, [string, string, ThreadStatus]>;
}

function writeMarks(db: RawDatabase): Marks {
  const row = db.get<{ rowid: number | null; count: number }>("SELECT MAX(rowid) AS rowid, COUNT(*) AS count FROM writes")!;
  return { rowid: row.rowid ?? 0, count: row.count };
}

/** The sidecar file for `file` in `dir`: named by the file's real path and identity, so a replaced file gets a fresh cache. */
export function statusCacheFile(dir: string, file: string): string {
  const real = realpathSync(file);
  const stat = statSync(real);
  return join(dir, `langgraph-status-${createHash("sha1").update(`${real}\u0000${stat.dev}\u0000${stat.ino}`).digest("hex").slice(0, 20)}.json`);
}

function parse(text: string, file: string): Stored | null {
  const stored = JSON.parse(text) as Partial<Stored>;
  if (stored.version !== 1 || stored.file !== file || typeof stored.marks?.rowid !== "number" || typeof stored.marks.count !== "number" || typeof stored.threads !== "object" || stored.threads === null) return null;
  return stored as Stored;
}

export class StatusCache {
  private readonly entries = new Map<string, [string, string, ThreadStatus]>();
  private readonly marks: Marks;
  private dirty = false;

  /** Load what is still true of `db` from `dir` (an unreadable or stale sidecar is ignored). */
  constructor(
    private readonly db: RawDatabase,
    private readonly dir: string,
  ) {
    this.marks = writeMarks(db);
    let stored: Stored | null;
    try {
      stored = parse(readFileSync(statusCacheFile(dir, db.file), "utf8"), db.file);
    } catch {
      stored = null;
    }
    if (!stored) return;
    const { rowid, count } = stored.marks;
    if (this.marks.rowid < rowid || this.marks.count < count) return;
    const added = db.all<{ thread_id: string }>("SELECT thread_id FROM writes WHERE rowid > ?", rowid);
    if (this.marks.count - count !== added.length) return;
    const touched = new Set(added.map((row) => row.thread_id));
    for (const [threadId, entry] of Object.entries(stored.threads)) {
      if (!touched.has(threadId) && Array.isArray(entry) && entry.length === 3 && STATUSES.includes(entry[2])) this.entries.set(threadId, entry);
    }
  }

  /** The status stored for the thread when it was decided from this root head, else undefined. */
  get(threadId: string, namespace: string, headId: string): ThreadStatus | undefined {
    const entry = this.entries.get(threadId);
    return entry && entry[0] === namespace && entry[1] === headId ? entry[2] : undefined;
  }

  /** Remember a status decided from the file as it was when this cache was loaded (or later). */
  set(threadId: string, namespace: string, headId: string, status: ThreadStatus): void {
    const entry = this.entries.get(threadId);
    if (entry && entry[0] === namespace && entry[1] === headId && entry[2] === status) return;
    this.entries.set(threadId, [namespace, headId, status]);
    this.dirty = true;
  }

  /** Write the sidecar (whole, then renamed into place) when something was added; a failure only loses the cache. */
  save(): void {
    if (!this.dirty) return;
    this.dirty = false;
    try {
      mkdirSync(this.dir, { recursive: true });
      const target = statusCacheFile(this.dir, this.db.file);
      const stored: Stored = { version: 1, file: this.db.file, marks: this.marks, threads: Object.fromEntries(this.entries) };
      writeFileSync(`${target}.tmp`, JSON.stringify(stored));
      renameSync(`${target}.tmp`, target);
    } catch {
      // The cache is an optimisation: a read-only or full cache folder leaves the statuses to be decoded again.
    }
  }
}
