/**
 * The thread list of Chronograph's schema on PostgreSQL read a page at a time: order, text filter, offset,
 * limit and total are SQL over the per-thread summary table (`threads`), and only the page's heads are
 * decoded. A status is decided by a thread's head and its pending writes (thread-status.ts), which SQL
 * cannot tell, so a status filter reads every text match's head `meta` and writes (nothing else) to decide
 * statuses and counts, then decodes the page's heads. Matches what thread-filter.ts's pageOfRows answers
 * over listThreads' rows (the search text there is thread id, graph name and writers: here the same columns).
 */
import { emptyCounts, likePattern, normalizeQuery, pageBounds } from "../../api/thread-filter.ts";
import type { ThreadKey, ThreadPage, ThreadQuery, ThreadRow, ThreadStatus } from "../../api/types.ts";
import { threadStatus, writersFromColumn } from "../../checkpoint/thread-status.ts";
import type { CheckpointRecord, ThreadSummary } from "../../checkpoint/types.ts";
import { pendingWriteFromRow } from "../sqlite/rows.ts";
import { writesColumn } from "./compress.ts";
import type { RowQuery } from "./reads.ts";
import { type CheckpointRow, pendingColumn, pendingFromRow, recordFromRow } from "./rows.ts";

/** The thread list's order (listThreads' order): newest activity first. */
export const THREAD_ORDER = "ORDER BY t.updated_at DESC, t.created_at ASC, t.thread_id ASC";

/** The WHERE clause of the text filter on parameter $1 (a pattern, or null for every thread). */
const MATCH = `($1::text IS NULL OR t.thread_id ILIKE $1 OR t.graph_name ILIKE $1 OR t.last_node ILIKE $1)`;

export type SummaryRow = [string, string | null, string | null, number, number, number, string, number, number, ...CheckpointRow];

/** The select list and joins of a thread's summary with its head (SummaryRow order), for `threads` aliased t. */
export function summarySql(s: string, compressed: boolean): string {
  return `SELECT t.thread_id, t.graph_name, t.last_node, t.step, t.checkpoint_count, t.branch_count, t.head_checkpoint_id, t.created_at, t.updated_at,
       c.checkpoint_id, c.parent_id, c.step, c.source, c.created_at, c.meta, ${writesColumn("c", compressed)}, '', ${pendingColumn(s)}
     FROM ${s}.threads t JOIN ${s}.checkpoints c ON c.thread_id = t.thread_id AND c.checkpoint_id = t.head_checkpoint_id`;
}

/** One thread's summary from its summary columns and its head checkpoint (what listThreads gives). */
export function summaryOf(row: SummaryRow): ThreadSummary {
  const head = row.slice(9) as unknown as CheckpointRow;
  return {
    threadId: row[0],
    graphName: row[1],
    status: threadStatus(recordFromRow(row[0], head), pendingFromRow(head)),
    writers: writersFromColumn(row[2]),
    step: row[3],
    checkpointCount: row[4],
    branchCount: row[5],
    headCheckpointId: row[6],
    createdAt: row[7],
    updatedAt: row[8],
  };
}

export interface ThreadPageReader {
  query: RowQuery;
  /** The quoted schema. */
  schema: string;
  /** Whether the checkpoints table has `writes_z` (schema version 2 on). */
  compressed: boolean;
  /** Called with each thread row decoded (tests count them). */
  onDecode?: (threadId: string) => void;
}

/** The rows of the threads named, decoded, in list order. */
async function decodeThreads(reader: ThreadPageReader, ids: readonly string[]): Promise<ThreadRow[]> {
  if (ids.length === 0) return [];
  const s = reader.schema;
  const rows = await reader.query<SummaryRow>(`${summarySql(s, reader.compressed)} WHERE t.thread_id = ANY($1) ${THREAD_ORDER}`, [ids]);
  return rows.map((row) => {
    reader.onDecode?.(row[0]);
    return { ...summaryOf(row), namespace: "" };
  });
}

/** A head's status from its record's `meta` (tasks, breakpoint) and its pending writes alone. */
function statusOf(meta: string, pending: CheckpointRow[8]): ThreadStatus {
  const parsed = JSON.parse(meta) as Pick<CheckpointRecord, "tasks" | "breakpoint"> & { interrupt?: CheckpointRecord["breakpoint"] };
  const record = { tasks: parsed.tasks ?? [], breakpoint: parsed.breakpoint ?? parsed.interrupt ?? null };
  return threadStatus(record, pending.map(([task_id, node, kind, value]) => pendingWriteFromRow({ task_id, node, kind, value })));
}

/** The page `query` asks for (thread-filter.ts's meaning), decoding only its rows' heads. */
export async function readThreadPage(reader: ThreadPageReader, query: ThreadQuery): Promise<ThreadPage> {
  const s = reader.schema;
  const pattern = likePattern(normalizeQuery(query.query));
  const { offset, limit } = pageBounds(query);
  if ((query.status ?? []).length === 0) {
    const ids = await reader.query<[string, string]>(
      `SELECT t.thread_id, count(*) OVER ()::text FROM ${s}.threads t WHERE ${MATCH} ${THREAD_ORDER} LIMIT $2 OFFSET $3`,
      [pattern, limit, offset],
    );
    const total = ids.length > 0 ? Number(ids[0]![1]) : offset === 0 ? 0 : Number((await reader.query<[string]>(`SELECT count(*)::text FROM ${s}.threads t WHERE ${MATCH}`, [pattern]))[0]![0]);
    return { rows: await decodeThreads(reader, ids.map((row) => row[0])), offset, total };
  }
  const wanted = new Set(query.status);
  const heads = await reader.query<[string, string, CheckpointRow[8]]>(
    `SELECT t.thread_id, c.meta, ${pendingColumn(s)}
     FROM ${s}.threads t JOIN ${s}.checkpoints c ON c.thread_id = t.thread_id AND c.checkpoint_id = t.head_checkpoint_id
     WHERE ${MATCH} ${THREAD_ORDER}`,
    [pattern],
  );
  const counts = emptyCounts();
  const hits: string[] = [];
  for (const [threadId, meta, pending] of heads) {
    const status = statusOf(meta, pending);
    counts[status] += 1;
    if (wanted.has(status)) hits.push(threadId);
  }
  return { rows: await decodeThreads(reader, hits.slice(offset, offset + limit)), offset, total: hits.length, counts };
}

/** Per thread, a stamp that moves with each checkpoint (head, count) and each write to the head (from the summary table and the writes' key). */
export async function readThreadStamps(reader: ThreadPageReader): Promise<Map<string, string>> {
  const s = reader.schema;
  const rows = await reader.query<[string, string]>(
    `SELECT t.thread_id, t.head_checkpoint_id || '/' || t.checkpoint_count || '/' || t.branch_count || '/' ||
       (SELECT count(*) FROM ${s}.writes w WHERE w.thread_id = t.thread_id AND w.checkpoint_id = t.head_checkpoint_id)
     FROM ${s}.threads t`,
    [],
  );
  return new Map(rows);
}

/** Every thread's key, by thread id (Chronograph's schema has no namespaces). */
export async function readThreadKeys(reader: ThreadPageReader): Promise<ThreadKey[]> {
  const rows = await reader.query<[string]>(`SELECT thread_id FROM ${reader.schema}.threads ORDER BY thread_id COLLATE "C"`, []);
  return rows.map(([threadId]) => ({ threadId, namespace: "" }));
}
