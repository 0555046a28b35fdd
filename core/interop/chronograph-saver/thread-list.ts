/**
 * The thread list of ChronographSaver's tables without decoding every thread: which threads there are,
 * their order (newest root head first, LangGraph's "latest": the largest checkpoint id, then thread id),
 * checkpoint counts and namespaces come from one aggregate over lg_checkpoints (SaverListReads.namespaceIndex),
 * kept until the change token moves; a text query matches the thread id and namespaces (indexSearchText),
 * as the LangGraph readers that page themselves. A row is decoded from its namespaces' heads and the heads'
 * parents (part-rows.ts, routing values only) when a page shows it; a status from the root head alone
 * (head-statuses.ts). Both are kept per thread stamp, so a changed database decodes only the threads that
 * changed. From the first page asked, every thread's status is decided in the background (the LangGraph
 * reader's StatusWarmup), and a status filter asked before it is done answers from the threads decided so
 * far (statusHits; ThreadPage.statusCounting says how far), so it never waits for 100,000 heads.
 */
import { byThreadKey, indexSearchText, normalizeQuery, pageBounds, withNamespaces } from "../../api/thread-filter.ts";
import type { ThreadKey, ThreadPage, ThreadQuery, ThreadRow } from "../../api/types.ts";
import type { NamespaceIndexRow } from "../langgraph/rows.ts";
import { describe, type IndexedNamespace, type IndexedThread, newestFirst, threadsOf } from "../langgraph/thread-index.ts";
import { HistoryViews } from "../langgraph/views.ts";
import type { SaverCheckpointRow } from "./history.ts";
import { headHistory } from "./part-rows.ts";
import { saverHistory } from "./history.ts";
import { statusHits, StatusWarmup, type StatusWarmupOptions, warmupFromEnv } from "../langgraph/status-index.ts";
import { SaverHeadStatuses, type SaverStatusReads } from "./head-statuses.ts";

/** A status filter asked while the warm-up runs decides up to this many more threads itself when those decided fill less than its page, */
const PARTIAL_EXTRA = 500;
/** ...this many at a time, stopping once the page is full. */
const PARTIAL_SLICE = 250;

type Maybe<T> = T | Promise<T>;

/** What the list reads besides the parts: SQL aggregates, nothing decoded. */
export interface SaverListReads extends SaverStatusReads {
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
  /** The index being read for a token (a page and the warm-up ask at once: one aggregate). */
  private loading: { token: string; index: Promise<Index> } | undefined;
  private readonly rows = new Map<string, { stamp: string; row: ThreadRow; namespaces: ThreadRow[] }>();
  /** Root heads' statuses, by thread stamp (head-statuses.ts). */
  readonly heads: SaverHeadStatuses;
  private warmup: StatusWarmup | undefined;

  constructor(
    private readonly reads: SaverListReads,
    /** The masked URL or the path, naming the database in messages. */
    private readonly file: string,
    private readonly token: () => Promise<string>,
    /** One namespace's row from its whole history (a head written by an update no write names the writer of needs its graph). */
    private readonly wholeRow: (thread: ThreadKey) => Promise<ThreadRow>,
    /** How the background status warm-up works its slices (tests hold it to see the answers given meanwhile). */
    private readonly warmupOptions: StatusWarmupOptions = { slice: 250, ...warmupFromEnv() },
  ) {
    this.heads = new SaverHeadStatuses(reads, file, (thread) => {
      const kept = this.rows.get(thread.threadId);
      return kept && kept.stamp === thread.stamp ? kept.row.status : undefined;
    });
  }

  /**
   * One page: the order, text matches, offset and total from the index; only the page's rows decoded. A
   * status filter counts the threads the warm-up has decided (and those changed since, decided now); while
   * it runs, when those fill less than the page, up to PARTIAL_EXTRA more are decided here, and the page
   * says how far it reached (statusCounting).
   */
  async page(query: ThreadQuery): Promise<ThreadPage> {
    try {
      return await this.answer(query);
    } finally {
      // Started once the first page is answered, so that page does not share the CPU with it.
      this.warmup ??= new StatusWarmup({ statusesOf: (slice) => this.heads.decide(slice), save: () => undefined }, () => this.ordered(), this.warmupOptions);
      void this.warmup.start();
    }
  }

  private async answer(query: ThreadQuery): Promise<ThreadPage> {
    const threads = await this.ordered();
    const needle = normalizeQuery(query.query);
    const { offset, limit } = pageBounds(query);
    const match = needle === "" ? () => true : (thread: IndexedThread) => indexSearchText(thread).includes(needle);
    if ((query.status ?? []).length === 0) {
      const matching = needle === "" ? threads : threads.filter(match);
      return { rows: await this.rowsOf(matching.slice(offset, offset + limit)), offset, total: matching.length };
    }
    const wanted = new Set(query.status);
    const progress = this.warmup?.progress ?? { decided: 0, done: false };
    let reached = progress.done ? threads.length : Math.min(threads.length, progress.decided);
    await this.heads.decide(threads.slice(0, reached).filter(match));
    let partial: { decided: number; want: number; extra: number } | undefined;
    if (!progress.done) {
      const want = offset + limit;
      let found = threads.slice(0, reached).filter((thread) => match(thread) && wanted.has(this.heads.known(thread)!)).length;
      const stop = Math.min(threads.length, reached + PARTIAL_EXTRA);
      while (reached < stop && found < want) {
        const slice = threads.slice(reached, Math.min(stop, reached + PARTIAL_SLICE)).filter(match);
        await this.heads.decide(slice);
        found += slice.filter((thread) => wanted.has(this.heads.known(thread)!)).length;
        reached = Math.min(stop, reached + PARTIAL_SLICE);
      }
      partial = { decided: reached, want, extra: 0 };
    }
    const { hits, counts, reach } = statusHits(threads, match, (thread) => this.heads.known(thread)!, wanted, partial);
    const page = { rows: await this.rowsOf(hits.slice(offset, offset + limit)), offset, total: hits.length, counts };
    return reach < threads.length ? { ...page, statusCounting: { decided: reach, threads: threads.length } } : page;
  }

  /** Resolves once the background warm-up has decided every thread's status (or was stopped, or failed). */
  statusesDecided(): Promise<void> {
    return this.warmup?.start() ?? Promise.resolve();
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
    return keys.sort(byThreadKey);
  }

  /** One thread's (thread, namespace) keys, by namespace; none when it has no checkpoint. */
  async namespacesOf(threadId: string): Promise<ThreadKey[]> {
    const thread = (await this.current()).byId.get(threadId);
    return (thread?.namespaces ?? []).map((ns) => ({ threadId, namespace: ns.namespace })).sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0));
  }

  /** Forget everything read and stop the warm-up (the reader is closing). */
  clear(): void {
    this.warmup?.stop();
    this.warmup = undefined;
    this.index = undefined;
    this.loading = undefined;
    this.rows.clear();
    this.heads.clear();
  }

  /** The threads in the list's order (newest root head first), sorted once per index. */
  private async ordered(): Promise<IndexedThread[]> {
    const index = await this.current();
    return (index.ordered ??= [...index.byId.values()].sort(newestFirst));
  }

  /** The index as of the current token; read again (one aggregate, and the writes' stamps) when it moved. */
  private async current(): Promise<Index> {
    const token = await this.token();
    if (this.index?.token === token) return this.index;
    if (this.loading?.token === token) return this.loading.index;
    const index = (async (): Promise<Index> => {
      const [namespaces, writes] = await Promise.all([this.reads.namespaceIndex(), this.reads.writeStamps()]);
      const byId = threadsOf(namespaces, (threadId, list) => `${describe(list)}|${writes.get(threadId) ?? ""}`);
      if (this.rows.size > byId.size * 2) for (const id of this.rows.keys()) if (!byId.has(id)) this.rows.delete(id);
      return { token, byId };
    })();
    this.loading = { token, index };
    try {
      this.index = await index;
      return this.index;
    } finally {
      if (this.loading?.index === index) this.loading = undefined;
    }
  }

  private async rowsOf(threads: readonly IndexedThread[]): Promise<ThreadRow[]> {
    const out: ThreadRow[] = [];
    for (const thread of threads) {
      const [root, ...nested] = await this.namespaceRows(thread);
      if (!root) continue;
      out.push(withNamespaces(root, nested));
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
}
