/**
 * The statuses of ChronographSaver threads from their root heads, kept per thread stamp (a changed thread
 * is decided again). A head with no writes against it is decided from its JSON parts (quick-status.ts);
 * a reader that can read those parts for a slice of heads in one statement (SaverListReads.headParts:
 * SQLite's JSON functions, PostgreSQL's jsonb) does, and the planner's answer is remembered by the parts'
 * text, which the threads of one graph stopped at the same place share. Every other head (writes against
 * it, Send packets or join values in lg_values, a row that is not JSON) is decoded with its routing values,
 * so each status is the full decoder's.
 */
import type { ThreadStatus } from "../../api/types.ts";
import { type HeadParts, QuickStatusMemo } from "../langgraph/quick-status.ts";
import type { IndexedNamespace, IndexedThread } from "../langgraph/thread-index.ts";
import { HistoryViews } from "../langgraph/views.ts";
import { saverHistory } from "./history.ts";
import { routing, type SaverPartReads, storedVersions, valueChains } from "./part-rows.ts";
import type { SaverCheckpointRow } from "./history.ts";
import { saverHeadParts, saverQuickStatus } from "./quick-status.ts";

type Maybe<T> = T | Promise<T>;

/** A head's quick parts as one statement reads them: `at` is its place in the asked list; `parts` is null when only decoding can tell. */
export interface HeadPartsRow {
  at: number;
  has_writes: number | boolean;
  parts: string | null;
}

/** The reads the statuses need: a part's rows, and (optionally) many heads' quick parts at once. */
export interface SaverStatusReads extends SaverPartReads {
  /**
   * For each [thread, namespace, head id] that exists: whether writes are stored against it and, for a JSON
   * head and metadata, quick-status.ts's HeadParts as JSON text (null when a channel held in lg_values is a
   * Send list or a join, or the row is not JSON). One statement per call.
   */
  headParts?(heads: ReadonlyArray<readonly [string, string, string]>): Maybe<HeadPartsRow[]>;
}

/** What a reader whose SQL does not parse JSON reads for headParts: many heads' rows, then which of their channel versions are stored, each in one statement. */
export interface HeadRowReads {
  headRows(heads: ReadonlyArray<readonly [string, string, string]>): Promise<Array<SaverCheckpointRow & { at: number; has_writes: boolean }>>;
  storedChannels(asked: ReadonlyArray<{ at: number; threadId: string; ns: string; channel: string; version: string }>): Promise<Array<{ at: number; channel: string }>>;
}

/** headParts from two statements (PostgreSQL's: a JSON parse error would fail its whole statement): the rows, then their stored versions; the parts are taken in JavaScript (saverHeadParts). */
export function headPartsOverRows(reads: HeadRowReads): NonNullable<SaverStatusReads["headParts"]> {
  return async (heads) => {
    const rows = (await reads.headRows(heads)).filter((row) => !row.has_writes);
    const asked = rows.flatMap((row) => storedVersions(row).map(([channel, version]) => ({ at: row.at, threadId: heads[row.at]![0], ns: heads[row.at]![1], channel, version })));
    const stored = new Map<number, Set<string>>();
    for (const { at, channel } of await reads.storedChannels(asked)) stored.set(at, (stored.get(at) ?? new Set()).add(channel));
    // Heads with writes are left out: decide() decodes every head it gets no parts for.
    return rows.map((row): HeadPartsRow => {
      const parts = saverHeadParts(row, stored.get(row.at) ?? new Set());
      return { at: row.at, has_writes: false, parts: parts === null ? null : JSON.stringify(parts) };
    });
  };
}

/** Heads asked of headParts at once. */
const BULK_HEADS = 500;

export class SaverHeadStatuses {
  private readonly statuses = new Map<string, { stamp: string; status: ThreadStatus }>();
  /** The saver reads hand out HeadParts as a JSON object (sqlite-reads.ts, postgres-reads.ts), not status-sql.ts's SqlParts array. */
  private readonly quickMemo = new QuickStatusMemo((text) => JSON.parse(text) as HeadParts);
  /** Heads decided from their parts read in bulk, one at a time from their JSON, and decoded (benches and tests read it). */
  readonly counts = { bulk: 0, quick: 0, decoded: 0 };

  constructor(
    private readonly reads: SaverStatusReads,
    private readonly file: string,
    /** The status of a row already decoded for this stamp (a page showed it), else undefined. */
    private readonly shown: (thread: IndexedThread) => ThreadStatus | undefined,
  ) {}

  /** The thread's status as it is now, when decided (or shown) already; else undefined. */
  known(thread: IndexedThread): ThreadStatus | undefined {
    const shown = this.shown(thread);
    if (shown !== undefined) return shown;
    const known = this.statuses.get(thread.threadId);
    return known && known.stamp === thread.stamp ? known.status : undefined;
  }

  /** Decide (and keep) the status of each thread not decided yet: quick parts in bulk where the reader offers them, the rest one by one. */
  async decide(threads: readonly IndexedThread[]): Promise<void> {
    const unknown = threads.filter((thread) => this.known(thread) === undefined);
    const left: IndexedThread[] = [];
    if (this.reads.headParts) {
      for (let from = 0; from < unknown.length; from += BULK_HEADS) {
        const slice = unknown.slice(from, from + BULK_HEADS);
        const quick = new Array<"pending" | "done" | null>(slice.length).fill(null);
        const asked = slice.map((thread) => [thread.threadId, thread.namespaces[0]!.namespace, thread.namespaces[0]!.headId] as const);
        for (const row of await this.reads.headParts(asked)) quick[row.at] = row.has_writes ? null : this.quick(row.parts);
        slice.forEach((thread, at) => {
          const status = quick[at]!;
          if (status === null) return void left.push(thread);
          this.counts.bulk += 1;
          this.keep(thread, status);
        });
      }
    } else left.push(...unknown);
    for (const thread of left) this.keep(thread, await this.headStatus(thread.threadId, thread.namespaces[0]!));
  }

  clear(): void {
    this.statuses.clear();
  }

  private keep(thread: IndexedThread, status: ThreadStatus): void {
    this.statuses.set(thread.threadId, { stamp: thread.stamp, status });
  }

  private quick(parts: string | null): "pending" | "done" | null {
    return parts === null ? null : this.quickMemo.of(parts);
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
      if (quick !== null) {
        this.counts.quick += 1;
        return quick;
      }
    }
    this.counts.decoded += 1;
    const values = await valueChains(this.reads, threadId, namespace, pairs.filter(([channel]) => routing(channel)));
    const history = saverHistory(this.file, threadId, namespace, { checkpoints: [row], values, writes });
    return history ? new HistoryViews(history).status() : "done";
  }
}
