/**
 * The decoded histories a reader of a SQLite file holds, one per (thread, namespace): decoded on first
 * use, all dropped when the file's change token moves (another connection committed), and only the most
 * recently used few kept, so reading every thread of a big file holds a few at a time. The LangGraph
 * reader (LangGraph.js and Python files) and the ChronographSaver reader share it; they differ only in how
 * one history is loaded. AsyncHistoryCache is the same for LangGraph's PostgreSQL tables, read asynchronously.
 */
import { ChronographError } from "../../api/errors.ts";
import type { ThreadKey } from "../../api/types.ts";
import { fileChangeToken } from "../change-token.ts";
import type { NamespaceHistory } from "./history.ts";
import type { LoadedCheckpoint } from "./model.ts";
import { HistoryViews } from "./views.ts";

/** Decoded histories kept between calls (the threads being looked at; a big file's others are read again). */
const KEEP_HISTORIES = 16;
/**
 * And at most this many checkpoints in them beside the one last used: a whole decoded history holds every
 * value (20,000 checkpoints of the generated agent thread: ~250 MB), so sixteen long ones would not fit.
 */
const KEEP_CHECKPOINTS = 5_000;
const checkpointsOf = (views: HistoryViews) => views.history.ordered.length;

export class HistoryCache {
  private readonly held = new Map<string, HistoryViews>();
  private heldToken = "";

  constructor(
    private readonly db: { dataVersion(): number },
    private readonly path: string,
    /** One (thread, namespace)'s history, or null when it has no checkpoints. */
    private readonly load: (threadId: string, namespace: string) => NamespaceHistory | null,
  ) {}

  /** The file's change token (core/interop/change-token.ts): moves on any commit. */
  changeToken(): string {
    return fileChangeToken(this.db, this.path);
  }

  /** Drop every decoded history when the file changed since they were read. */
  refresh(): void {
    const token = this.changeToken();
    if (token !== this.heldToken) {
      this.held.clear();
      this.heldToken = token;
    }
  }

  /** The thread's history with its views, after a refresh. Throws THREAD_NOT_FOUND naming the thread, namespace and file. */
  views(thread: ThreadKey): HistoryViews {
    this.refresh();
    return this.viewsOf(thread);
  }

  /** As views, without looking at the file's token first (a caller reading many threads refreshed once). */
  viewsOf(thread: ThreadKey): HistoryViews {
    const namespace = thread.namespace ?? "";
    const key = `${thread.threadId}\u0000${namespace}`;
    let views = this.held.get(key);
    if (!views) {
      const history = this.load(thread.threadId, namespace);
      if (!history) throw threadNotFound(this.path, thread);
      views = new HistoryViews(history);
    }
    return keepRecent(this.held, key, views, KEEP_HISTORIES, { weigh: checkpointsOf, budget: KEEP_CHECKPOINTS });
  }

  /** One decoded checkpoint and its history's views. Throws THREAD_NOT_FOUND, or CHECKPOINT_NOT_FOUND naming thread, namespace and file. */
  checkpoint(thread: ThreadKey, checkpointId: string): { views: HistoryViews; checkpoint: LoadedCheckpoint } {
    const views = this.views(thread);
    const checkpoint = views.history.byId.get(checkpointId);
    if (!checkpoint) throw checkpointNotFound(this.path, thread, checkpointId);
    return { views, checkpoint };
  }

  clear(): void {
    this.held.clear();
  }
}

/**
 * The same cache for a reader whose change token and loads are asynchronous (LangGraph's PostgresSaver
 * tables: core/interop/postgres/source.ts), with its own not-found error (naming a URL, not a file).
 */
export class AsyncHistoryCache {
  private readonly held = new Map<string, HistoryViews>();
  private heldToken = "";

  constructor(
    private readonly token: () => Promise<string>,
    /** One (thread, namespace)'s history, or null when it has no checkpoints. */
    private readonly load: (threadId: string, namespace: string) => Promise<NamespaceHistory | null>,
    private readonly notFound: (thread: ThreadKey) => ChronographError,
  ) {}

  /** Drop every decoded history when the token moved since they were read; true when it did. */
  async refresh(): Promise<boolean> {
    const token = await this.token();
    if (token === this.heldToken) return false;
    this.held.clear();
    this.heldToken = token;
    return true;
  }

  /** As HistoryCache.viewsOf: without looking at the token first. Throws the reader's not-found error. */
  async viewsOf(thread: ThreadKey): Promise<HistoryViews> {
    const namespace = thread.namespace ?? "";
    const key = `${thread.threadId}\u0000${namespace}`;
    let views = this.held.get(key);
    if (!views) {
      const history = await this.load(thread.threadId, namespace);
      if (!history) throw this.notFound(thread);
      views = new HistoryViews(history);
    }
    return keepRecent(this.held, key, views, KEEP_HISTORIES, { weigh: checkpointsOf, budget: KEEP_CHECKPOINTS });
  }

  clear(): void {
    this.held.clear();
  }
}

/**
 * Put `value` as `key`'s most recently used entry (Map order: oldest used first) and let go of the oldest
 * beyond `keep`, and, with `bound`, the oldest while the entries weigh more than its budget (the one just
 * put stays, whatever it weighs).
 */
export function keepRecent<V>(held: Map<string, V>, key: string, value: V, keep: number, bound?: { weigh: (value: V) => number; budget: number }): V {
  held.delete(key);
  held.set(key, value);
  while (held.size > keep) held.delete(held.keys().next().value!);
  if (bound) {
    let weight = 0;
    for (const entry of held.values()) weight += bound.weigh(entry);
    while (held.size > 1 && weight > bound.budget) {
      const oldest = held.keys().next().value!;
      weight -= bound.weigh(held.get(oldest)!);
      held.delete(oldest);
    }
  }
  return value;
}

/** THREAD_NOT_FOUND naming the thread, namespace and file. */
export function threadNotFound(path: string, thread: ThreadKey): ChronographError {
  return new ChronographError("THREAD_NOT_FOUND", `Thread "${thread.threadId}"${nsWords(thread)} has no checkpoints in "${path}".`, { file: path, thread: thread.threadId });
}

/** CHECKPOINT_NOT_FOUND naming the checkpoint, thread, namespace and file. */
export function checkpointNotFound(path: string, thread: ThreadKey, checkpointId: string): ChronographError {
  return new ChronographError("CHECKPOINT_NOT_FOUND", `Checkpoint "${checkpointId}" does not exist in thread "${thread.threadId}"${nsWords(thread)} of "${path}".`, {
    file: path,
    thread: thread.threadId,
    checkpoint: checkpointId,
  });
}

function nsWords(thread: ThreadKey): string {
  return thread.namespace ? ` (namespace "${thread.namespace}")` : "";
}
