/**
 * The thread list of ChronographSaver's tables without decoding every thread: which threads there are,
 * their order (newest root head first, LangGraph's "latest": the largest checkpoint id, then thread id),
 * checkpoint counts and namespaces come from one aggregate over lg_checkpoints (SaverListReads.namespaceIndex),
 * kept until the change token moves; a text query matches the thread id and namespaces (indexSearchText),
 * as the LangGraph readers that page themselves. A row is decoded from its namespaces' heads and the heads'
 * parents (part-rows.ts, routing values only) when a page shows it, a status from the root head alone when a filter asks;
 * both are kept per thread stamp, so a changed database decodes only the threads that changed.
 */
import { emptyCounts, indexSearchText, namespaceSummary, normalizeQuery, pageBounds } from "../../api/thread-filter.ts";
import type { ThreadKey, ThreadPage, ThreadQuery, ThreadRow, ThreadStatus } from "../../api/types.ts";
import type { NamespaceIndexRow } from "../langgraph/rows.ts";
import { describe, type IndexedNamespace, type IndexedThread, newestFirst, threadsOf } from "../langgraph/thread-index.ts";
import { HistoryViews } from "../langgraph/views.ts";
import type { SaverCheckpointRow } from "./history.ts";
import { headHistory, routing, type SaverPartReads, storedVersions, valueChains } from "./part-rows.ts";
import { saverHistory } from "./history.ts";
import { saverQuickStatus } from "./quick-status.ts";

type Maybe<T> = T | Promise<T>;

/** What the list reads besides the parts: SQL aggregates, nothing decoded. */
export interface SaverListReads extends SaverPartReads {
  /** Every (thread, namespace) with its checkpoint count and head (largest id). */
  namespaceIndex(): Maybe<NamespaceIndexRow[]>;
  /** Per thread id with writes, a stamp that moves when one is added or replaced. */
  writeStamps(): Maybe<Map<string, string>>;
  /** The namespace's oldest checkpoint (its time is the row's createdAt). */
  firstCheckpointRow(threadId: string, ns: string): Maybe<SaverCheckpointRow | undefined>;
  /** How many checkpoints of the namespace are the parent of another (the leaves are the others). */
  parentCount(threadId: string, ns: string): Maybe<number>;
}

interface Index {
  token: string;
  byId: Map<string, IndexedThread>;
  /** The threads in the list's order, sorted when a page first asks. */
  ordered?: IndexedThread[];
}

export class SaverThreadList {
  private index: Index | undefined;
  private readonly rows = new Map<string, { stamp: string; row: ThreadRow; namespaces: ThreadRow[] }>();
  private readonly statuses = new Map<string, { stamp: string; status: ThreadStatus }>();

  constructor(
    private readonly reads: SaverListReads,
    /** The masked URL or the path, naming the database in messages. */
    private readonly file: string,
    private readonly token: () => Promise<string>,
    /** One namespace's row from its whole history (a head written by an update no write names the writer of needs its graph). */
    private readonly wholeRow: (thread: ThreadKey) => Promise<ThreadRow>,
  ) {}

  /** One page: the order, text matches, offset and total from the index; only the page's rows (and, for a status filter, the matches' root heads) decoded. */
  async page(query: ThreadQuery): Promise<ThreadPage> {
    const index = await this.current();
    const threads = (index.ordered ??= [...index.byId.values()].sort(newestFirst));
    const needle = normalizeQuery(query.query);
    const { offset, limit } = pageBounds(query);
    const matching = needle === "" ? threads : threads.filter((thread) => indexSearchText(thread).includes(needle));
    if ((query.status ?? []).length === 0) {
      return { rows: await this.rowsOf(matching.slice(offset, offset + limit)), offset, total: matching.length };
    }
    const wanted = new Set(query.status);
    const counts = emptyCounts();
    const hits: IndexedThread[] = [];
    for (const thread of matching) {
      const status = await this.status(thread);
      counts[status] += 1;
      if (wanted.has(status)) hits.push(thread);
    }
    return { rows: await this.rowsOf(hits.slice(offset, offset + limit)), offset, total: hits.length, counts };
  }

  /** One (thread, namespace)'s row without `namespaces`, or undefined when it has no checkpoint. */
  async row(key: ThreadKey): Promise<ThreadRow | undefined> {
    const thread = (await this.current()).byId.get(key.threadId);
    if (!thread) return undefined;
    const rows = await this.namespaceRows(thread);
    return rows.find((row) => row.namespace === (key.namespace ?? ""));
  }

  /** Per thread id, a stamp that moves with each checkpoint or write (SQL aggregates alone). */
  async stamps(): Promise<Map<string, string>> {
    // Each thread's stamp holds its namespaces' heads and counts and its writes' stamp (current()).
    return new Map([...(await this.current()).byId.values()].map((thread) => [thread.threadId, thread.stamp]));
  }

  /** Every (thread, namespace), by thread id then namespace. */
  async keys(): Promise<ThreadKey[]> {
    const keys = [...(await this.current()).byId.values()].flatMap((thread) => thread.namespaces.map((ns) => ({ threadId: thread.threadId, namespace: ns.namespace })));
    return keys.sort((a, b) => (a.threadId < b.threadId ? -1 : a.threadId > b.threadId ? 1 : a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0));
  }

  /** One thread's (thread, namespace) keys, by namespace; none when it has no checkpoint. */
  async namespacesOf(threadId: string): Promise<ThreadKey[]> {
    const thread = (await this.current()).byId.get(threadId);
    return (thread?.namespaces ?? []).map((ns) => ({ threadId, namespace: ns.namespace })).sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0));
  }

  clear(): void {
    this.index = undefined;
    this.rows.clear();
    this.statuses.clear();
  }

  /** The index as of the current token; read again (one aggregate, and the writes' stamps) when it moved. */
  private async current(): Promise<Index> {
    const token = await this.token();
    if (this.index?.token === token) return this.index;
    const [namespaces, writes] = await Promise.all([this.reads.namespaceIndex(), this.reads.writeStamps()]);
    const byId = threadsOf(namespaces, (threadId, list) => `${describe(list)}|${writes.get(threadId) ?? ""}`);
    if (this.rows.size > byId.size * 2) for (const id of this.rows.keys()) if (!byId.has(id)) this.rows.delete(id);
    this.index = { token, byId };
    return this.index;
  }

  private async rowsOf(threads: readonly IndexedThread[]): Promise<ThreadRow[]> {
    const out: ThreadRow[] = [];
    for (const thread of threads) {
      const [root, ...nested] = await this.namespaceRows(thread);
      if (!root) continue;
      const sorted = [...nested].sort((a, b) => (b.updatedAt ?? 0) - (a.updatedAt ?? 0) || (a.namespace < b.namespace ? -1 : 1));
      out.push(sorted.length > 0 ? { ...root, namespaces: sorted.map(namespaceSummary) } : root);
    }
    return out;
  }

  /** The thread's namespace rows, root (or first) first, kept by stamp. */
  private async namespaceRows(thread: IndexedThread): Promise<ThreadRow[]> {
    const kept = this.rows.get(thread.threadId);
    if (kept && kept.stamp === thread.stamp) return kept.namespaces;
    const namespaces: ThreadRow[] = [];
    for (const entry of thread.namespaces) {
      const row = await this.summarize(thread.threadId, entry);
      if (row) namespaces.push(row);
    }
    this.rows.set(thread.threadId, { stamp: thread.stamp, row: namespaces[0]!, namespaces });
    return namespaces;
  }

  /** The namespace's row from its head, the head's parent, their writes and SQL counts: what HistoryViews.threadRow() gives from the whole history. */
  private async summarize(threadId: string, entry: IndexedNamespace): Promise<ThreadRow | null> {
    const { namespace } = entry;
    const history = await headHistory(this.reads, this.file, threadId, namespace, entry.headId);
    if (!history) return null;
    const row = new HistoryViews(history).threadRow();
    if (history.head.source === "update" && row.writers.length === 0) return this.wholeRow({ threadId, namespace });
    let createdAt = history.ordered[0]!.createdAt;
    if (entry.count > history.ordered.length) {
      const first = await this.reads.firstCheckpointRow(threadId, namespace);
      if (first) createdAt = saverHistory(this.file, threadId, namespace, { checkpoints: [first], values: [], writes: [] })!.head.createdAt;
    }
    const branchCount = entry.count > 1 ? entry.count - (await this.reads.parentCount(threadId, namespace)) : 1;
    return { ...row, checkpointCount: entry.count, branchCount, createdAt };
  }

  /** The thread's status: its root (or first) namespace's, from its head and the head's writes alone. */
  private async status(thread: IndexedThread): Promise<ThreadStatus> {
    const kept = this.rows.get(thread.threadId);
    if (kept && kept.stamp === thread.stamp) return kept.row.status;
    const known = this.statuses.get(thread.threadId);
    if (known && known.stamp === thread.stamp) return known.status;
    const status = await this.headStatus(thread.threadId, thread.namespaces[0]!);
    this.statuses.set(thread.threadId, { stamp: thread.stamp, status });
    return status;
  }

  /**
   * The root head's status from its row and writes, each read once: a head with no writes from its JSON
   * (nothing failed or waits; quick-status.ts says pending or done), else decoded with its routing values.
   */
  private async headStatus(threadId: string, root: IndexedNamespace): Promise<ThreadStatus> {
    const { namespace } = root;
    const [row] = await this.reads.checkpointRows(threadId, namespace, [root.headId]);
    if (!row) return "done";
    const writes = await this.reads.writeRows(threadId, namespace, [root.headId]);
    const pairs = storedVersions(row);
    if (writes.length === 0) {
      const stored = await this.reads.valueRows(threadId, namespace, pairs);
      const quick = saverQuickStatus(row, new Set(stored.map((value) => value.channel)));
      if (quick !== null) return quick;
    }
    const values = await valueChains(this.reads, threadId, namespace, pairs.filter(([channel]) => routing(channel)));
    const history = saverHistory(this.file, threadId, namespace, { checkpoints: [row], values, writes });
    return history ? new HistoryViews(history).status() : "done";
  }
}

