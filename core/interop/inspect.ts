/**
 * What `chronograph inspect FILE --json` prints, for any HistorySource: every thread and namespace, each
 * with its checkpoints in full, newest first. Threads are ordered by id, then namespace ("" first), so
 * the output is stable for scripts and CI whatever the reader's own listing order.
 *
 * `walkInspect` hands out one checkpoint at a time (each read on its own, the previous one let go), so
 * a caller that writes as it goes holds one checkpoint in memory however long the thread is.
 */
import { jsonEqual } from "../api/json-equal.ts";
import type { HistorySource } from "../api/history-source.ts";
import { byThreadKey } from "../api/thread-filter.ts";
import type { CheckpointView, InspectOutput, ThreadKey } from "../api/types.ts";

/** How much of each state to print: every value, only channels that differ from the parent's, or none. */
export type InspectValues = "all" | "changed" | "none";

export interface InspectOptions {
  /** Only threads with this id (every namespace of it). */
  threadId?: string;
  /** At most this many checkpoints per thread, newest first. */
  limit?: number;
  values?: InspectValues;
}

/** Receives the walk in order: a thread, then its checkpoints, then the next thread. */
export interface InspectVisitor {
  thread(key: ThreadKey, checkpointCount: number): Promise<void> | void;
  checkpoint(view: CheckpointView): Promise<void> | void;
}

/** The values of `view` that differ from `parent`'s (all of them without a parent). */
function changedValues(view: CheckpointView, parent: CheckpointView | undefined): Record<string, unknown> {
  if (!parent) return view.values;
  const changed: Record<string, unknown> = {};
  for (const [channel, value] of Object.entries(view.values)) if (!(channel in parent.values) || !jsonEqual(value, parent.values[channel])) changed[channel] = value;
  return changed;
}

/** Threads whose keys are read per slice (threadKeySlice): the slice held while its threads are printed. */
const KEY_SLICE = 500;

/**
 * The threads to print, sorted. Its own function so that the whole listing is let go once filtered (a
 * local of walkInspect would be held while it walks: 100,000 keys for one thread).
 */
async function chosenKeys(source: HistorySource, threadId: string | undefined): Promise<ThreadKey[]> {
  // A reader over a big file lists its threads' keys from an index; others list their rows.
  const all = source.threadKeys ? await source.threadKeys() : (await source.listThreads()).map((row) => ({ threadId: row.threadId, namespace: row.namespace }));
  return all.filter((key) => threadId === undefined || key.threadId === threadId).sort(byThreadKey);
}

/**
 * The keys to print, a slice at a time, in order. A reader with threadKeySlice reads them in thread id
 * order a slice at a time (one thread's alone for --thread), so no list of every thread is built or held.
 */
async function* keySlices(source: HistorySource, threadId: string | undefined): AsyncGenerator<ThreadKey[]> {
  if (!source.threadKeySlice) {
    yield await chosenKeys(source, threadId);
    return;
  }
  if (threadId !== undefined) {
    yield await source.threadKeySlice({ threadId, limit: 1 });
    return;
  }
  let after: string | undefined;
  for (;;) {
    const slice = await source.threadKeySlice(after === undefined ? { limit: KEY_SLICE } : { after, limit: KEY_SLICE });
    if (slice.length === 0) return;
    yield slice;
    after = slice.at(-1)!.threadId;
  }
}

/** How many threads walkInspect visits (the text header's count), read as the walk reads its keys: no index of every thread either. */
export async function countInspectThreads(source: HistorySource, threadId: string | undefined): Promise<number> {
  let count = 0;
  // A slice holds whole threads, so counting each slice's thread ids counts each thread once.
  for await (const keys of keySlices(source, threadId)) count += new Set(keys.map((key) => key.threadId)).size;
  return count;
}

/** Visit the threads (sorted) and their checkpoints (newest first) as `options` select. */
export async function walkInspect(source: HistorySource, options: InspectOptions, visitor: InspectVisitor): Promise<void> {
  for await (const keys of keySlices(source, options.threadId)) await walkThreads(source, keys, options, visitor);
}

async function walkThreads(source: HistorySource, keys: readonly ThreadKey[], options: InspectOptions, visitor: InspectVisitor): Promise<void> {
  const mode = options.values ?? "all";
  for (const key of keys) {
    if (source.listCheckpointIds && source.listCheckpointViewsByIds) {
      await walkPages(source as PagedSource, key, options.limit, mode, visitor);
      continue;
    }
    // A reader that lists ids cheaply but reads each checkpoint on its own (Chronograph's files) is walked one
    // checkpoint at a time: a page of whole states held at once would grow with the states.
    const ids = source.listCheckpointIds ? await source.listCheckpointIds(key) : (await source.listCheckpoints(key)).map((entry) => entry.checkpointId);
    const chosen = options.limit === undefined ? ids : ids.slice(0, Math.max(0, options.limit));
    await visitor.thread(key, chosen.length);
    // Newest first, a checkpoint's parent is usually the next one printed: keep the last view read.
    let previous: CheckpointView | undefined;
    for (const checkpointId of chosen) {
      const view = previous?.checkpointId === checkpointId ? previous : await source.getCheckpoint(key, checkpointId);
      let parent: CheckpointView | undefined;
      if (mode === "changed" && view.parentId !== null) {
        parent = await source.getCheckpoint(key, view.parentId).catch(() => undefined);
      }
      previous = parent;
      await visitor.checkpoint(mode === "all" ? view : { ...view, values: mode === "none" ? {} : changedValues(view, parent) });
    }
  }
}

type PagedSource = HistorySource & Required<Pick<HistorySource, "listCheckpointIds" | "listCheckpointViewsByIds">>;

/** Checkpoints decoded per page of a long thread: a page is read, written and let go before the next. */
const PAGE = 100;

/** One thread a page at a time, for readers that can read checkpoints by id (a long LangGraph thread decodes a page, not the thread). */
async function walkPages(source: PagedSource, key: ThreadKey, limit: number | undefined, mode: InspectValues, visitor: InspectVisitor): Promise<void> {
  const ids = await source.listCheckpointIds(key);
  const chosen = limit === undefined ? ids : ids.slice(0, Math.max(0, limit));
  await visitor.thread(key, chosen.length);
  for (let start = 0; start < chosen.length; start += PAGE) {
    const page = chosen.slice(start, start + PAGE);
    const views = new Map((await source.listCheckpointViewsByIds(key, page)).map((view) => [view.checkpointId, view]));
    if (mode === "changed") {
      // Parents outside the page (the page's oldest row's, a fork's) are read with it; a missing one shows every value.
      const outside = [...views.values()].map((view) => view.parentId).filter((id): id is string => id !== null && !views.has(id));
      const parents = outside.length > 0 ? await source.listCheckpointViewsByIds(key, outside) : [];
      const known = new Map([...views, ...parents.map((view) => [view.checkpointId, view] as const)]);
      for (const id of page) {
        const view = views.get(id);
        if (view) await visitor.checkpoint({ ...view, values: changedValues(view, view.parentId === null ? undefined : known.get(view.parentId)) });
      }
      continue;
    }
    for (const id of page) {
      const view = views.get(id);
      if (view) await visitor.checkpoint(mode === "all" ? view : { ...view, values: {} });
    }
  }
}

/** The whole output in memory (for tests and small files; the CLI streams through walkInspect). */
export async function inspectDatabase(source: HistorySource, options: InspectOptions = {}): Promise<InspectOutput> {
  const threads: InspectOutput["threads"] = [];
  await walkInspect(source, options, {
    thread: (key) => void threads.push({ ...key, checkpoints: [] }),
    checkpoint: (view) => void threads[threads.length - 1]!.checkpoints.push(view),
  });
  return { kind: source.kind, threads };
}
