/**
 * The thread list of a Chronograph SQLite file read a page at a time, on a read-only connection of its own
 * (opened when first used). Every answer is SQL over the per-thread summary table (`threads`, kept current
 * by every put and putWrites, status included): the text filter, the per-status counts, the total, the
 * order (listThreads' order: newest activity first) and the page's offset and limit. Only the page's rows
 * leave SQLite. It answers exactly what thread-filter.ts's pageOfRows answers over listThreads' rows: the
 * text is matched by a function registered on the connection that lowercases as JavaScript does, over
 * the same text (thread id, graph name, the head's writers) threadSearchText builds.
 */
import type Database from "better-sqlite3";
import { emptyCounts, normalizeQuery, pageBounds } from "../../api/thread-filter.ts";
import type { ThreadPage, ThreadQuery, ThreadRow, ThreadStatus } from "../../api/types.ts";
import { writersFromColumn } from "../../checkpoint/thread-status.ts";
import type { ThreadSummary } from "../../checkpoint/types.ts";
import { guarded, sqliteError } from "./errors.ts";
import { openReadOnlyFile } from "./read-only-open.ts";
import type { ThreadTableRow } from "./statements.ts";

/** listThreads' order. */
export const THREAD_ORDER = "ORDER BY updated_at DESC, created_at ASC, thread_id ASC";

/** The summary a `threads` row stands for. */
export function summaryOfRow(row: ThreadTableRow): ThreadSummary {
  return {
    threadId: row.thread_id,
    graphName: row.graph_name,
    status: row.status as ThreadStatus,
    writers: writersFromColumn(row.last_node),
    step: row.step,
    checkpointCount: row.checkpoint_count,
    branchCount: row.branch_count,
    headCheckpointId: row.head_checkpoint_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Whether a thread's search text holds `needle` (normalized): the text threadSearchText gives a row with
 * no namespaces (thread id, two empty namespace fields, graph name, writers comma-joined), lowercased.
 */
export function summaryMatches(needle: string, threadId: string, graphName: string | null, lastNode: string | null): boolean {
  return `${threadId}\u0000\u0000\u0000${graphName ?? ""}\u0000${lastNode ?? ""}`.toLowerCase().includes(needle);
}

/** Whether a column's text is ASCII without NUL (as many bytes as characters before the first NUL). */
const ascii = (column: string) => `length(CAST(COALESCE(${column}, '') AS BLOB)) = length(COALESCE(${column}, ''))`;
const holds = (column: string) => `instr(lower(COALESCE(${column}, '')), @needle) > 0`;
/**
 * Text matches: every row when @needle is NULL. Where the three columns are ASCII, SQLite's lower() is
 * JavaScript's toLowerCase and a needle without NUL cannot span two of them, so instr in SQL decides;
 * any other row (and any needle holding NUL, @slow = 1) goes to chronograph_match.
 */
const MATCH = `(@needle IS NULL OR CASE WHEN @slow = 0 AND ${ascii("thread_id")} AND ${ascii("graph_name")} AND ${ascii("last_node")}
  THEN ${holds("thread_id")} OR ${holds("graph_name")} OR ${holds("last_node")}
  ELSE chronograph_match(@needle, thread_id, graph_name, last_node) END)`;

/** The named parameters of MATCH for a normalized query. */
function matchParams(needle: string): { needle: string | null; slow: 0 | 1 } {
  return { needle: needle === "" ? null : needle, slow: needle.includes("\u0000") ? 1 : 0 };
}
/** The status filter: @statuses is a JSON array, NULL for every status. */
const STATUS = "(@statuses IS NULL OR status IN (SELECT value FROM json_each(@statuses)))";

type Match = ReturnType<typeof matchParams>;

function prepare(db: Database.Database) {
  // Deterministic, so SQLite may call it once per distinct arguments; 1 or 0 as SQL has no booleans.
  db.function("chronograph_match", { deterministic: true }, (needle, threadId, graphName, lastNode) =>
    summaryMatches(String(needle), String(threadId), graphName as string | null, lastNode as string | null) ? 1 : 0,
  );
  return {
    counts: db.prepare<[Match], [string, number]>(`SELECT status, count(*) FROM threads WHERE ${MATCH} GROUP BY status`).raw(),
    page: db.prepare<[Match & { statuses: string | null; limit: number; offset: number }], ThreadTableRow>(
      `SELECT * FROM threads WHERE ${MATCH} AND ${STATUS} ${THREAD_ORDER} LIMIT @limit OFFSET @offset`,
    ),
    row: db.prepare<[string], ThreadTableRow>("SELECT * FROM threads WHERE thread_id = ?"),
    stamps: db.prepare<[], [string, string]>(
      "SELECT thread_id, head_checkpoint_id || '/' || checkpoint_count || '/' || branch_count || '/' || status || '/' || step || '/' || updated_at || '/' || COALESCE(last_node, '') FROM threads",
    ).raw(),
    keys: db.prepare<[], string>("SELECT thread_id FROM threads ORDER BY thread_id").pluck(),
  };
}

export class SqliteThreadPages {
  private db: Database.Database | null = null;
  private statements: ReturnType<typeof prepare> | null = null;

  constructor(
    private readonly file: string,
    private readonly busyTimeoutMs: number,
    /** Called with each thread row decoded into a summary (tests count them). */
    private readonly onDecode?: (threadId: string) => void,
  ) {}

  /** The page `query` asks for (thread-filter.ts's meaning), with per-status counts over the text matches. */
  page(query: ThreadQuery): ThreadPage {
    const needle = normalizeQuery(query.query);
    const statuses = query.status ?? [];
    const { offset, limit } = pageBounds(query);
    return this.read((s) => {
      const counts = emptyCounts();
      const match = matchParams(needle);
      for (const [status, count] of s.counts.all(match)) counts[status as ThreadStatus] = count;
      const total = statuses.length === 0 ? Object.values(counts).reduce((sum, count) => sum + count, 0) : [...new Set(statuses)].reduce((sum, status) => sum + (counts[status] ?? 0), 0);
      const rows = offset >= total ? [] : s.page.all({ ...match, statuses: statuses.length === 0 ? null : JSON.stringify(statuses), limit, offset });
      return { rows: rows.map((row) => this.decode(row)), offset, total, counts };
    });
  }

  /** One thread's row, or undefined when the file has no such thread. */
  row(threadId: string): ThreadRow | undefined {
    const row = this.read((s) => s.row.get(threadId));
    return row && this.decode(row);
  }

  /** Per thread, a stamp that moves whenever its summary does (a checkpoint, or a write that changes its status). */
  stamps(): Map<string, string> {
    return new Map(this.read((s) => s.stamps.all()));
  }

  /** Every thread id, in SQLite's binary order. */
  keys(): string[] {
    return this.read((s) => s.keys.all());
  }

  close(): void {
    if (this.db?.open) this.db.close();
  }

  private decode(row: ThreadTableRow): ThreadRow {
    this.onDecode?.(row.thread_id);
    return { ...summaryOfRow(row), namespace: "" };
  }

  /** `work` in one read transaction (counts and page from one snapshot), SQLite failures naming the file. */
  private read<T>(work: (statements: ReturnType<typeof prepare>) => T): T {
    if (!this.db) {
      try {
        this.db = openReadOnlyFile(this.file, this.busyTimeoutMs);
      } catch (error) {
        throw sqliteError(error, this.file);
      }
      this.statements = guarded(this.file, () => prepare(this.db!));
    }
    const statements = this.statements!;
    return guarded(this.file, () => this.db!.transaction(() => work(statements)).deferred());
  }
}
