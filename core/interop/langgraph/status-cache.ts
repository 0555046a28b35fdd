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
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ThreadStatus } from "../../api/types.ts";
import type { RawDatabase } from "../../storage/sqlite/raw.ts";

const STATUSES: readonly ThreadStatus[] = ["done", "error", "interrupted", "pending"];

export interface Marks {
  rowid: number;
  count: number;
}

interface Stored {
  version: 1;
  file: string;
  marks: Marks;
  /** thread id -> [root namespace, head id, status] */
  threads: Record<string, unknown>;
}

/** Two statements: SQLite counts rows fastest (over its smallest index) when COUNT(*) is asked alone. */
function writeMarks(db: RawDatabase): Marks {
  const rowid = db.get<{ rowid: number | null }>("SELECT MAX(rowid) AS rowid FROM writes")!.rowid ?? 0;
  return { rowid, count: db.get<{ count: number }>("SELECT COUNT(*) AS count FROM writes")!.count };
}

/** SQLite's order of TEXT (BINARY collation: the UTF-8 bytes), which JavaScript's string order is not past the BMP. */
const byUtf8 = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * The writes' marks as writeMarks takes them, counted a range of thread ids at a time over the primary key's
 * index, with `pause` between ranges: with the file out of the page cache, one COUNT(*) over a 100,000-thread
 * file's writes read 200 MB of index in one go (4 s), and nothing else was answered meanwhile. `threadIds` (any
 * order, any size) give the ranges' bounds: about one per `every` threads is taken; the ranges cover every
 * thread id, listed or not. When rows were stored meanwhile (the largest rowid moved), the ranges are counted
 * again up to the rowid it began with (that filter costs half again the CPU, so only then). A row deleted
 * meanwhile from a range already counted leaves the count too high, so the next load drops the sidecar (safe);
 * statuses are decided only after the marks are taken (StatusCache.open), so one deleted from a range not yet
 * counted is not missed.
 */
export async function countWriteMarks(db: RawDatabase, threadIds: readonly string[], pause: () => Promise<void>, every = 500): Promise<Marks> {
  const largest = () => db.get<{ rowid: number | null }>("SELECT MAX(rowid) AS rowid FROM writes")!.rowid ?? 0;
  const rowid = largest();
  const bounds = [...new Set(threadIds.filter((_, at) => at % every === every - 1))].sort(byUtf8);
  const ranges = async (upTo: number | undefined): Promise<number> => {
    let count = 0;
    for (let at = 0; at <= bounds.length; at += 1) {
      const from = bounds[at - 1];
      const to = bounds[at];
      const where = [from === undefined ? "" : "thread_id >= ?", to === undefined ? "" : "thread_id < ?", upTo === undefined ? "" : "rowid <= ?"].filter(Boolean);
      const args = [from, to, upTo].filter((value) => value !== undefined);
      count += db.get<{ count: number }>(`SELECT COUNT(*) AS count FROM writes${where.length ? ` WHERE ${where.join(" AND ")}` : ""}`, ...args)!.count;
      if (at < bounds.length) await pause();
    }
    return count;
  };
  const count = await ranges(undefined);
  return { rowid, count: largest() === rowid ? count : await ranges(rowid) };
}

/** The sidecar file for `file` in `dir`: named by the file's real path and identity, so a replaced file gets a fresh cache. */
export function statusCacheFile(dir: string, file: string): string {
  const real = realpathSync(file);
  const stat = statSync(real);
  return join(dir, `langgraph-status-${createHash("sha1").update(`${real}\u0000${stat.dev}\u0000${stat.ino}`).digest("hex").slice(0, 20)}.json`);
}

/** Whether `dir` holds a sidecar for `file` (false too when the file cannot be looked at). */
export function hasStatusCache(dir: string, file: string): boolean {
  try {
    return existsSync(statusCacheFile(dir, file));
  } catch {
    return false;
  }
}

function parse(text: string, file: string): Stored | null {
  const stored = JSON.parse(text) as Partial<Stored>;
  if (stored.version !== 1 || stored.file !== file || typeof stored.marks?.rowid !== "number" || typeof stored.marks.count !== "number" || typeof stored.threads !== "object" || stored.threads === null) return null;
  return stored as Stored;
}

type Entry = [string, string, ThreadStatus];

const isEntry = (entry: unknown): entry is Entry => Array.isArray(entry) && entry.length === 3 && typeof entry[0] === "string" && typeof entry[1] === "string" && STATUSES.includes(entry[2]);

export class StatusCache {
  /** The sidecar's threads as parsed (entries are checked when read), minus the threads written to since. */
  private stored: Record<string, unknown> = {};
  private touched = new Set<string>();
  /** Statuses decided this session. */
  private readonly fresh = new Map<string, Entry>();
  private readonly marks: Marks;
  private dirty = false;

  /**
   * The cache once the writes are counted a range at a time (countWriteMarks), yielding between: what a big
   * file's warm-up opens, so nothing waits while it counts.
   */
  static async open(db: RawDatabase, dir: string, threadIds: readonly string[], pause: () => Promise<void>): Promise<StatusCache> {
    return new StatusCache(db, dir, await countWriteMarks(db, threadIds, pause));
  }

  /** Load what is still true of `db` from `dir` (an unreadable or stale sidecar is ignored); `marks` when already taken (open()). */
  constructor(
    private readonly db: RawDatabase,
    private readonly dir: string,
    marks?: Marks,
  ) {
    this.marks = marks ?? writeMarks(db);
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
    // Kept as parsed and looked up per thread: copying 100,000 entries into a map cost more than the parse.
    this.touched = new Set(added.map((row) => row.thread_id));
    this.stored = stored.threads;
  }

  private entry(threadId: string): Entry | undefined {
    const fresh = this.fresh.get(threadId);
    if (fresh) return fresh;
    if (!Object.hasOwn(this.stored, threadId) || this.touched.has(threadId)) return undefined;
    const entry = this.stored[threadId];
    return isEntry(entry) ? entry : undefined;
  }

  /** The status stored for the thread when it was decided from this root head, else undefined. */
  get(threadId: string, namespace: string, headId: string): ThreadStatus | undefined {
    const entry = this.entry(threadId);
    return entry && entry[0] === namespace && entry[1] === headId ? entry[2] : undefined;
  }

  /** Remember a status decided from the file as it was when this cache was loaded (or later). */
  set(threadId: string, namespace: string, headId: string, status: ThreadStatus): void {
    const entry = this.entry(threadId);
    if (entry && entry[0] === namespace && entry[1] === headId && entry[2] === status) return;
    this.fresh.set(threadId, [namespace, headId, status]);
    this.dirty = true;
  }

  /** Write the sidecar (whole, then renamed into place) when something was added; a failure only loses the cache. */
  save(): void {
    if (!this.dirty) return;
    this.dirty = false;
    try {
      mkdirSync(this.dir, { recursive: true });
      const target = statusCacheFile(this.dir, this.db.file);
      // No prototype: a thread named "__proto__" is a key like any other.
      const threads = Object.create(null) as Record<string, unknown>;
      for (const threadId of Object.keys(this.stored)) if (!this.touched.has(threadId)) threads[threadId] = this.stored[threadId];
      for (const [threadId, entry] of this.fresh) threads[threadId] = entry;
      const stored: Stored = { version: 1, file: this.db.file, marks: this.marks, threads };
      writeFileSync(`${target}.tmp`, JSON.stringify(stored));
      renameSync(`${target}.tmp`, target);
    } catch {
      // The cache is an optimisation: a read-only or full cache folder leaves the statuses to be decoded again.
    }
  }
}
