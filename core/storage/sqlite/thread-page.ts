/**
 * The thread list of a Chronograph SQLite file read a page at a time, on a read-only connection of its own
 * (opened when first used). Every answer is SQL over the per-thread summaries (thread-lag.ts's view
 * `thread_rows`: the `threads` table, kept current by every write, with lagging rows computed): the text filter, the per-status counts, the total, the
 * order (listThreads' order: newest activity first) and the page's offset and limit. Only the page's rows
 * leave SQLite. It answers exactly what thread-filter.ts's pageOfRows answers over listThreads' rows: the
 * text is matched by a function registered on the connection that lowercases as JavaScript does, over
 * the same text (thread id, graph name, the head's writers) threadSearchText builds.
 */
import type Database from "better-sqlite3";
import { emptyCounts, likePattern, normalizeQuery, pageBounds } from "../../api/thread-filter.ts";
import type { ThreadPage, ThreadQuery, ThreadRow, ThreadStatus } from "../../api/types.ts";
import { writersFromColumn } from "../../checkpoint/thread-status.ts";
import type { ThreadSummary } from "../../checkpoint/types.ts";
import { LazyReadConnection } from "./lazy-read.ts";
import { THREAD_ROWS, type ThreadTableRow } from "./statements.ts";

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
/** The threads whose summary text is not all ASCII, as a JSON array (usually empty; read once per data_version). */
const ODD_IDS = `SELECT json_group_array(thread_id) FROM ${THREAD_ROWS} WHERE NOT (${ascii("thread_id")} AND ${ascii("graph_name")} AND ${ascii("last_node")})`;
const like = (column: string) => `${column} LIKE @pattern ESCAPE '\\'`;
/**
 * Text matches: every row when @needle is NULL. LIKE folds ASCII letters only, so on an ASCII row it is
 * exactly JavaScript's lowercase-and-includes, and on any row a LIKE match is one (the needle is already
 * lowercase); a needle without NUL cannot span two columns. The rows LIKE may miss, those listed in @odd
 * (not ASCII; `withOdd`, as testing @odd on every row costs more than the LIKEs), and every row for a
 * needle holding NUL (@slow = 1), are decided by chronograph_match.
 */
const match = (withOdd: boolean) => `(@needle IS NULL OR (@slow = 0 AND (${like("thread_id")} OR ${like("graph_name")} OR ${like("last_node")}))
  OR ((@slow = 1${withOdd ? " OR thread_id IN (SELECT value FROM json_each(@odd))" : ""}) AND chronograph_match(@needle, thread_id, graph_name, last_node)))`;

/** The named parameters of MATCH for a normalized query; `odd` is ODD_IDS' answer. */
function matchParams(needle: string, odd: string): { needle: string | null; pattern: string | null; slow: 0 | 1; odd: string } {
  return { needle: needle === "" ? null : needle, pattern: likePattern(needle), slow: needle.includes("\u0000") ? 1 : 0, odd };
}
/** The status filter: @statuses is a JSON array, NULL for every status. */
const STATUS = "(@statuses IS NULL OR status IN (SELECT value FROM json_each(@statuses)))";

type Match = ReturnType<typeof matchParams>;
type PageParams = Match & { statuses: string | null; limit: number; offset: number };
type Counts = Record<ThreadStatus, number>;

const STATUSES: readonly ThreadStatus[] = ["done", "interrupted", "error", "pending"];
/**
 * A page's rows with the text matches' counts beside each (n_all, then n_<status>), in one scan: the matches'
 * sort keys and statuses are counted and cut to the page, then only the page's rows are read whole.
 */
const COUNTED = `count(*) OVER () AS n_all, ${STATUSES.map((status) => `sum(status = '${status}') OVER () AS n_${status}`).join(", ")}`;
const countedPage = (MATCH: string) => `SELECT p.*, t.* FROM (
    SELECT * FROM (SELECT thread_id AS k_id, updated_at AS k_updated, created_at AS k_created, status AS k_status, ${COUNTED} FROM ${THREAD_ROWS} WHERE ${MATCH})
    WHERE (@statuses IS NULL OR k_status IN (SELECT value FROM json_each(@statuses))) ORDER BY k_updated DESC, k_created ASC, k_id ASC LIMIT @limit OFFSET @offset
  ) p JOIN ${THREAD_ROWS} t ON t.thread_id = p.k_id ORDER BY p.k_updated DESC, p.k_created ASC, p.k_id ASC`;
/** A page: the matches' sort keys sorted and cut (a page deep in the list keeps only keys in its sorter), then the page's rows read whole. */
const page = (MATCH: string) => `SELECT t.* FROM (
    SELECT thread_id AS k_id, updated_at AS k_updated, created_at AS k_created FROM ${THREAD_ROWS} WHERE ${MATCH} AND ${STATUS}
    ORDER BY k_updated DESC, k_created ASC, k_id ASC LIMIT @limit OFFSET @offset
  ) p JOIN ${THREAD_ROWS} t ON t.thread_id = p.k_id ORDER BY p.k_updated DESC, p.k_created ASC, p.k_id ASC`;
type CountedRow = ThreadTableRow & { n_all: number } & Record<`n_${ThreadStatus}`, number>;

/** The counts a counted page's rows carry, or null when some text match has a status outside the four (then only GROUP BY counts them). */
function countsOfRow(row: CountedRow): Counts | null {
  const counts = emptyCounts();
  for (const status of STATUSES) counts[status] = row[`n_${status}`];
  return Object.values(counts).reduce((sum, count) => sum + count, 0) === row.n_all ? counts : null;
}

function prepare(db: Database.Database) {
  // Deterministic, so SQLite may call it once per distinct arguments; 1 or 0 as SQL has no booleans.
  db.function("chronograph_match", { deterministic: true }, (needle, threadId, graphName, lastNode) =>
    summaryMatches(String(needle), String(threadId), graphName as string | null, lastNode as string | null) ? 1 : 0,
  );
  const queries = (MATCH: string) => ({
    counts: db.prepare<[Match], [string, number]>(`SELECT status, count(*) FROM ${THREAD_ROWS} WHERE ${MATCH} GROUP BY status`).raw(),
    page: db.prepare<[PageParams], ThreadTableRow>(page(MATCH)),
    countedPage: db.prepare<[PageParams], CountedRow>(countedPage(MATCH)),
  });
  return {
    /** The page's queries when every summary is ASCII, then when some are not (@odd lists them). */
    queries: [queries(match(false)), queries(match(true))] as const,
    dataVersion: db.prepare<[], number>("PRAGMA data_version").pluck(),
    oddIds: db.prepare<[], string>(ODD_IDS).pluck(),
    row: db.prepare<[string], ThreadTableRow>(`SELECT * FROM ${THREAD_ROWS} WHERE thread_id = ?`),
    // One value a row (the id, U+0001, the stamp with any U+0001 of its own replaced): 40% less CPU than two.
    stamps: db.prepare<[], string>(
      `SELECT thread_id || char(1) || replace(head_checkpoint_id || '/' || checkpoint_count || '/' || branch_count || '/' || status || '/' || step || '/' || updated_at || '/' || COALESCE(last_node, ''), char(1), char(2)) FROM ${THREAD_ROWS}`,
    ).pluck(),
    // The ids alone are the same in the table as in the view, and its primary key gives their order.
    keys: db.prepare<[], string>("SELECT thread_id FROM main.threads ORDER BY thread_id").pluck(),
  };
}

export class SqliteThreadPages {
  private readonly connection: LazyReadConnection<ReturnType<typeof prepare>>;
  /** Counts by normalized query, kept while the file's data_version stays (a list scrolled page by page counts once). */
  private counted: { version: number; byQuery: Map<string, Counts>; odd?: string } = { version: -1, byQuery: new Map() };

  constructor(
    file: string,
    busyTimeoutMs: number,
    /** Called with each thread row decoded into a summary (tests count them). */
    private readonly onDecode?: (threadId: string) => void,
  ) {
    this.connection = new LazyReadConnection(file, busyTimeoutMs, prepare);
  }

  /** The page `query` asks for (thread-filter.ts's meaning), with per-status counts over the text matches. */
  page(query: ThreadQuery): ThreadPage {
    const needle = normalizeQuery(query.query);
    const statuses = query.status ?? [];
    const { offset, limit } = pageBounds(query);
    const totalOf = (counts: Counts) => (statuses.length === 0 ? Object.values(counts) : [...new Set(statuses)].map((status) => counts[status] ?? 0)).reduce((sum, count) => sum + count, 0);
    return this.read((s) => {
      const version = s.dataVersion.get()!;
      if (version !== this.counted.version) this.counted = { version, byQuery: new Map() };
      if (needle !== "") this.counted.odd ??= s.oddIds.get()!;
      const odd = this.counted.odd ?? "[]";
      const q = s.queries[odd === "[]" ? 0 : 1];
      const params = { ...matchParams(needle, odd), statuses: statuses.length === 0 ? null : JSON.stringify(statuses), limit, offset };
      let counts = this.counted.byQuery.get(needle);
      if (!counts && needle !== "") {
        // A text query: the page and its counts in one scan (the counts ride on every row), unless the page is empty.
        const rows = q.countedPage.all(params);
        // No row at the start of an unfiltered page: no thread matches the text at all.
        const none = rows.length === 0 && offset === 0 && statuses.length === 0;
        counts = rows.length > 0 ? (countsOfRow(rows[0]!) ?? undefined) : none ? emptyCounts() : undefined;
        if (counts) {
          this.remember(needle, counts);
          return { rows: rows.map((row) => this.decode(row)), offset, total: totalOf(counts), counts: { ...counts } };
        }
      }
      if (!counts) {
        counts = emptyCounts();
        for (const [status, count] of q.counts.all(params)) counts[status as ThreadStatus] = count;
        this.remember(needle, counts);
      }
      const total = totalOf(counts);
      const rows = offset >= total ? [] : q.page.all(params);
      return { rows: rows.map((row) => this.decode(row)), offset, total, counts: { ...counts } };
    });
  }

  /** One thread's row, or undefined when the file has no such thread. */
  row(threadId: string): ThreadRow | undefined {
    const row = this.read((s) => s.row.get(threadId));
    return row && this.decode(row);
  }

  /** Per thread, a stamp that moves whenever its summary does (a checkpoint, or a write that changes its status). */
  stamps(): Map<string, string> {
    const stamps = new Map<string, string>();
    for (const line of this.read((s) => s.stamps.all())) {
      const cut = line.lastIndexOf("\u0001");
      stamps.set(line.slice(0, cut), line.slice(cut + 1));
    }
    return stamps;
  }

  /** Every thread id, in SQLite's binary order. */
  keys(): string[] {
    return this.read((s) => s.keys.all());
  }

  close(): void {
    this.connection.close();
  }

  private remember(needle: string, counts: Counts): void {
    const byQuery = this.counted.byQuery;
    if (byQuery.size >= 64) byQuery.delete(byQuery.keys().next().value!);
    byQuery.set(needle, counts);
  }

  private decode(row: ThreadTableRow): ThreadRow {
    this.onDecode?.(row.thread_id);
    return { ...summaryOfRow(row), namespace: "" };
  }

  /** `work` in one read transaction (counts and page from one snapshot), SQLite failures naming the file. */
  private read<T>(work: (statements: ReturnType<typeof prepare>) => T): T {
    return this.connection.inTransaction(work);
  }
}
