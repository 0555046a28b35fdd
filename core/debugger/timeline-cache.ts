/**
 * The timelines the app is looking at, held by the backend between calls so a window (getTimelineWindow)
 * costs the rows it sends, not a read of the whole thread. A thread is read whole once; after that:
 *   - while one of our runs writes it, only its new rows are read (newest first, until a known row), so a
 *     long replay costs O(new rows) per step;
 *   - after any other change to the file (another process, an edit, a run that ended) it is read whole
 *     again on the next request, since another writer may have added writes to older checkpoints.
 * The display order (timeline-order.ts) is computed once per change, and only when a window asks for it.
 * A reader with listSkeleton and listCheckpointsByIds is read whole as a skeleton (what the order and run
 * marks need, no values decoded), and only the rows a window shows are decoded in full, once each.
 */
import type { HistorySource, TimelineSkeletonRow } from "../api/history-source.ts";
import type { CheckpointEntry, ThreadKey, TimelineShape, TimelineWindow } from "../api/types.ts";
import { orderTimeline } from "../api/timeline-order.ts";
import { RunIndex, withFacts } from "./run-boundaries.ts";

/** Threads whose timelines stay in memory (the one on screen and a few looked at before). */
const KEPT_THREADS = 4;
const DEFAULT_WINDOW = 200;
/** First page read when looking for a run's new rows; grows fourfold until it reaches a known row. */
const FIRST_PAGE = 16;

interface Held {
  /** The change token the rows were read at. */
  token: string;
  /** The session said the thread changed since (touched): the file's token moving alone does not drop it. */
  dirty: boolean;
  /** Checkpoint ids oldest first (store order). */
  ids: string[];
  /** Every checkpoint: its skeleton, or its whole entry where one was read. */
  byId: Map<string, TimelineSkeletonRow>;
  /** Whole entries read so far (every checkpoint's, for a reader without a skeleton). */
  entries: Map<string, CheckpointEntry>;
  shape: TimelineShape | null;
  /** Run marks over the whole thread (run-boundaries.ts), made when first needed after a change and extended by a run's new rows. */
  runs?: RunIndex | null;
  rowOf: Map<string, number> | null;
}

export interface WindowRequest {
  offset?: number;
  limit?: number;
  around?: string;
  shape?: boolean;
}

const keyOf = (thread: ThreadKey) => `${thread.namespace}\u0000${thread.threadId}`;

export class TimelineCache {
  private readonly held = new Map<string, Held>();

  constructor(private readonly source: HistorySource) {}

  /**
   * A window of the thread's rows in display order. `appendOnly`: the change since the last read was our
   * own run's (new rows only), so only new rows are read. Throws the reader's THREAD_NOT_FOUND.
   */
  async window(thread: ThreadKey, request: WindowRequest, appendOnly: boolean): Promise<TimelineWindow> {
    const held = await this.current(thread, appendOnly);
    const shape = (held.shape ??= orderTimeline(held.ids.map((id) => held.byId.get(id)!)));
    const total = shape.ids.length;
    const limit = request.limit ?? DEFAULT_WINDOW;
    let offset = request.offset ?? 0;
    if (request.around !== undefined) {
      const row = (held.rowOf ??= new Map(shape.ids.map((id, index) => [id, index]))).get(request.around);
      if (row !== undefined) offset = row - Math.floor(limit / 2);
    }
    offset = Math.max(0, Math.min(offset, total - limit));
    const runs = (held.runs ??= RunIndex.of([...held.byId.values()])).facts;
    const ids = shape.ids.slice(offset, offset + limit);
    await this.decode(thread, held, ids);
    const entries = ids.map((id) => withFacts(held.entries.get(id)!, runs));
    return { total, offset, entries, headId: held.ids.at(-1) ?? null, ...(request.shape ? { shape } : {}) };
  }

  /**
   * The timeline row of a checkpoint our run just wrote, reading only the rows newer than those held.
   * Undefined when the checkpoint cannot be found (the app then asks for the timeline instead).
   */
  async entryOf(thread: ThreadKey, checkpointId: string): Promise<CheckpointEntry | undefined> {
    if (this.held.has(keyOf(thread))) {
      const held = await this.current(thread, true);
      if (held.byId.has(checkpointId)) await this.decode(thread, held, [checkpointId]);
      const entry = held.entries.get(checkpointId);
      return entry && withFacts(entry, (held.runs ??= RunIndex.of([...held.byId.values()])).facts);
    }
    // Not on screen: read only the newest rows rather than the whole thread.
    if (!this.source.listCheckpointsPage) return undefined;
    return (await this.source.listCheckpointsPage(thread, { limit: FIRST_PAGE })).find((entry) => entry.checkpointId === checkpointId);
  }

  /**
   * Our run on the thread ended: read its last new rows and the checkpoint it started from again (its
   * first superstep's pending writes went there; every other write went to rows it wrote), so the
   * next window needs no whole read.
   */
  async settle(thread: ThreadKey, fromCheckpointId: string | null): Promise<void> {
    const held = this.held.get(keyOf(thread));
    if (!held || !this.source.listCheckpointsPage) return;
    await this.readNew(thread, held, await this.source.changeToken());
    if (fromCheckpointId === null || !held.byId.has(fromCheckpointId)) return;
    const { threadId: _thread, namespace: _namespace, tasks: _tasks, pendingWrites: _writes, values: _values, writes: _written, ...entry } = await this.source.getCheckpoint(thread, fromCheckpointId);
    held.byId.set(fromCheckpointId, entry);
    held.entries.set(fromCheckpointId, entry);
    held.runs = null;
  }

  /**
   * These threads changed (the session compared its thread stamps or rows): their held rows are read
   * again on their next request. Other threads' rows stay held when the file changes, so a busy file does
   * not make a long timeline read whole again. The caller refreshes the session before asking for a window.
   */
  touched(threadIds: readonly string[]): void {
    const ids = new Set(threadIds);
    for (const [key, held] of this.held) if (ids.has(key.slice(key.indexOf("\u0000") + 1))) held.dirty = true;
  }

  /** Read the thread whole on its next request (its rows may have changed in ways only a whole read sees). */
  forget(threadId: string): void {
    for (const key of [...this.held.keys()]) if (key.endsWith(`\u0000${threadId}`)) this.held.delete(key);
  }

  private async current(thread: ThreadKey, appendOnly: boolean): Promise<Held> {
    const key = keyOf(thread);
    const token = await this.source.changeToken();
    let held = this.held.get(key);
    // A held thread is read again when the file moved under it or the session said it changed (the two can
    // come in either order). Our own run's rows are read as new rows where the reader pages; a reader that
    // cannot page reads the thread whole. A file that moved for other threads only keeps this one held.
    if (held && (held.token !== token || held.dirty)) {
      if (appendOnly && this.source.listCheckpointsPage) await this.readNew(thread, held, token);
      else if (!held.dirty && !appendOnly) held.token = token;
      else held = undefined;
    }
    if (!held) held = await this.readWhole(thread, token);
    // Most recently used last, so the first key is the one to drop.
    this.held.delete(key);
    this.held.set(key, held);
    for (const old of this.held.keys()) if (this.held.size > KEPT_THREADS) this.held.delete(old);
    return held;
  }

  private async readWhole(thread: ThreadKey, token: string): Promise<Held> {
    const light = this.source.listSkeleton && this.source.listCheckpointsByIds;
    const newestFirst: TimelineSkeletonRow[] = light ? await this.source.listSkeleton!(thread) : await this.source.listCheckpoints(thread);
    const ids = newestFirst.map((entry) => entry.checkpointId).reverse();
    const byId = new Map(newestFirst.map((entry) => [entry.checkpointId, entry]));
    const entries = light ? new Map<string, CheckpointEntry>() : (byId as Map<string, CheckpointEntry>);
    return { token, dirty: false, ids, byId, entries, shape: null, rowOf: null };
  }

  /** Read in full the rows among `ids` known only by their skeleton (a window about to be shown). */
  private async decode(thread: ThreadKey, held: Held, ids: readonly string[]): Promise<void> {
    const missing = ids.filter((id) => !held.entries.has(id));
    if (missing.length === 0 || !this.source.listCheckpointsByIds) return;
    for (const entry of await this.source.listCheckpointsByIds(thread, missing)) held.entries.set(entry.checkpointId, entry);
    // A row gone since the skeleton was read (only an explicit prune deletes): show its skeleton rather than fail.
    for (const id of missing) if (!held.entries.has(id)) held.entries.set(id, { writers: [], durationMs: null, ...held.byId.get(id)! });
  }

  /** Read newest rows until one already held (re-read too: its pending writes may have grown), then add the rest. */
  private async readNew(thread: ThreadKey, held: Held, token: string): Promise<void> {
    const page = this.source.listCheckpointsPage!.bind(this.source);
    let limit = FIRST_PAGE;
    let rows = await page(thread, { limit });
    while (rows.length === limit && !rows.some((entry) => held.byId.has(entry.checkpointId))) {
      limit *= 4;
      rows = await page(thread, { limit });
    }
    const added: string[] = [];
    for (const entry of rows) {
      if (!held.byId.has(entry.checkpointId)) added.push(entry.checkpointId);
      held.byId.set(entry.checkpointId, entry);
      held.entries.set(entry.checkpointId, entry);
    }
    for (let i = added.length - 1; i >= 0; i -= 1) {
      const id = added[i]!;
      held.ids.push(id);
      extendShape(held, id, held.byId.get(id)!.parentId);
    }
    held.token = token;
    held.dirty = false;
    // Run marks follow rows that only extend the thread (taken oldest first); anything else is worked out again.
    if (held.runs && ![...rows].reverse().every((entry) => held.runs!.take(entry))) held.runs = null;
  }
}

/**
 * Add a new row to the held display order when it continues the last row (a run's every step after its
 * first): the order a full recompute gives, without one. Anything else drops the order, recomputed when
 * next asked for.
 */
function extendShape(held: Held, id: string, parentId: string | null): void {
  const shape = held.shape;
  if (!shape) return;
  const last = shape.ids.length - 1;
  // The last row has no child yet (a child would come after it), so the new one continues its branch.
  if (last >= 0 && parentId === shape.ids[last]) {
    shape.ids.push(id);
    shape.parents.push(last);
    held.rowOf?.set(id, last + 1);
  } else {
    held.shape = null;
    held.rowOf = null;
  }
}
