/**
 * A window of one (thread, namespace) decoded alone: the window's checkpoints, and what their rows and
 * views read besides themselves (each one's parent, for who wrote it and format < 4 Send packets; its
 * children, for whether its step completed and which node an update was written as; the head, for the
 * orphan-write warning), with the writes stored against those. The facts that span the whole namespace
 * (node names, triggers, children, orphan writes) come from its skeleton (skeleton.ts), so a row or view
 * of the window equals the one the whole decoded history gives. The two things that need every
 * checkpoint: the inferred graph (naming the writer of an update LangGraph did not record) comes from the
 * namespace's history without values (skeleton.ts's readLightHistory), and delta channels' values (rebuilt
 * from ancestors) from the whole decoded history, read only then.
 */
import type { TimelineSkeletonRow } from "../../api/history-source.ts";
import type { CheckpointEntry, CheckpointVersions, CheckpointView, ThreadKey } from "../../api/types.ts";
import type { RawDatabase } from "../../storage/sqlite/raw.ts";
import type { InferredGraph } from "./graph.ts";
import { type HistoryCache, keepRecent, threadNotFound } from "./history-cache.ts";
import { NamespaceHistory } from "./history.ts";
import { loadCheckpoint, loadWrite, type Dialect } from "./model.ts";
import { type CheckpointRow, writesAgainst } from "./rows.ts";
import { readLightHistory, readLightWindow, readSkeleton, type SkeletonRow, type ThreadSkeleton } from "./skeleton.ts";
import { graphOnly, HistoryViews } from "./views.ts";
import { CHUNK, chunks, newestFirst, skeletonRows, windowIds, windowViews, type WindowSkeleton } from "./window-core.ts";

function checkpointRowsByIds(db: RawDatabase, skeleton: WindowSkeleton, ids: readonly string[]): CheckpointRow[] {
  return chunks(ids).flatMap((chunk) =>
    db.all<CheckpointRow>(
      `SELECT thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, type, checkpoint, metadata FROM checkpoints
        WHERE thread_id = ? AND checkpoint_ns = ? AND checkpoint_id IN (${chunk.map(() => "?").join(", ")})`,
      skeleton.threadId,
      skeleton.namespace,
      ...chunk,
    ),
  );
}

/**
 * The window over `ids` (those that exist) and the head (always decoded here), with what their rows (and,
 * with `forViews`, their views) read besides themselves.
 */
function openWindow(db: RawDatabase, skeleton: WindowSkeleton, byId: ReadonlyMap<string, SkeletonRow>, ids: readonly string[], forViews: boolean, graph: () => InferredGraph): HistoryViews {
  const wanted = windowIds(byId, skeleton.children, ids, forViews, new Set([skeleton.headId]));
  const checkpoints = checkpointRowsByIds(db, skeleton, [...wanted])
    .map((row) => loadCheckpoint(row, skeleton.dialect, db.file))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const where = (id: string) => `checkpoint "${id}" of thread "${skeleton.threadId}" in "${db.file}"`;
  const writes = chunks(checkpoints.map((checkpoint) => checkpoint.id)).flatMap((chunk) =>
    writesAgainst(db, skeleton.threadId, skeleton.namespace, chunk).map((row) => loadWrite(row, where(row.checkpoint_id))),
  );
  return windowViews(skeleton, { checkpoints, writes }, graph);
}

/**
 * Reads windows of one namespace's skeleton; `whole` gives the whole decoded history when a view needs it
 * (delta channels), `graph` the namespace's inferred graph.
 */
export class SkeletonWindow {
  private readonly byId: Map<string, SkeletonRow>;
  private readonly facts: WindowSkeleton;
  /** Channel versions read so far (versions), by checkpoint id; let go of when it grows past VERSIONS_KEPT. */
  private readonly versionsRead = new Map<string, CheckpointVersions>();

  constructor(
    private readonly db: RawDatabase,
    readonly skeleton: ThreadSkeleton,
    private readonly whole: () => HistoryViews,
    private readonly graph: () => InferredGraph,
  ) {
    this.byId = new Map(skeleton.rows.map((row) => [row.id, row]));
    const { threadId, namespace, dialect, children, nodes, triggers, orphanWrites } = skeleton;
    this.facts = { file: db.file, threadId, namespace, dialect, children, nodes, triggers, orphanWrites, headId: skeleton.rows.at(-1)!.id };
  }

  /**
   * The timeline rows of the named checkpoints that exist, newest first, as the whole history gives them. A row
   * reads no value but those the history without values keeps (as timeline() lays them out), so the window
   * (each one with its parent, and the head) is read without values (readLightWindow): 200 rows of the
   * 20,000-checkpoint agent thread decoded whole were most of opening it.
   */
  entries(ids: readonly string[]): CheckpointEntry[] {
    const views = this.lightViews(windowIds(this.byId, this.skeleton.children, ids, false, new Set([this.facts.headId])));
    return this.newestFirst(ids).map((id) => views.entry(views.history.byId.get(id)!));
  }

  /** The named checkpoints that exist in full, newest first, as the whole history gives them. */
  views(ids: readonly string[]): CheckpointView[] {
    // A delta channel's value is rebuilt from ancestors: those views come from the whole history.
    const views = this.skeleton.deltas.size > 0 ? this.whole() : openWindow(this.db, this.facts, this.byId, ids, true, this.graph);
    return this.newestFirst(ids).map((id) => views.view(views.history.byId.get(id)!));
  }

  /**
   * Every checkpoint's timeline row, newest first, as the whole history gives them, from windows of the
   * history without values (readLightWindow: CHUNK checkpoints with each one's parent and grandparent, who
   * wrote it and format < 4 Send packets) laid over the skeleton's facts: one window's rows are held at a
   * time, never the whole thread's.
   */
  timeline(): CheckpointEntry[] {
    const { rows, children } = this.skeleton;
    const entries: CheckpointEntry[] = [];
    for (let start = 0; start < rows.length; start += CHUNK) {
      const ids = rows.slice(start, start + CHUNK).map((row) => row.id);
      const views = this.lightViews(windowIds(this.byId, children, windowIds(this.byId, children, ids, false), false));
      for (const id of ids) entries.push(views.entry(views.history.byId.get(id)!));
    }
    return entries.reverse();
  }

  /** The views of the `wanted` checkpoints, read without values (readLightWindow) and laid over the skeleton's facts. */
  private lightViews(wanted: Iterable<string>): HistoryViews {
    const { threadId, namespace, dialect } = this.skeleton;
    return windowViews(this.facts, readLightWindow(this.db, threadId, namespace, dialect, [...wanted].sort()), this.graph);
  }

  /**
   * The checkpoint's channel versions (HistoryViews.versions) as the whole history gives them; undefined when
   * it does not exist. A miss decodes the checkpoint with its nearest ancestors (VERSIONS_BATCH: "why did this
   * node run" walks back along the parents next), each with its parent and grandparent (who wrote it; format
   * < 4 Send packets) and the writes stored against those, never the whole thread.
   */
  versions(checkpointId: string): CheckpointVersions | undefined {
    const known = this.versionsRead.get(checkpointId);
    if (known || !this.byId.has(checkpointId)) return known;
    const chain: string[] = [];
    for (let id: string | null = checkpointId; id !== null && chain.length < VERSIONS_BATCH && !this.versionsRead.has(id); id = this.byId.get(id)?.parentId ?? null) {
      if (!this.byId.has(id)) break;
      chain.push(id);
    }
    const withParents = windowIds(this.byId, this.skeleton.children, chain, false);
    const views = openWindow(this.db, this.facts, this.byId, [...withParents], false, this.graph);
    if (this.versionsRead.size + chain.length > VERSIONS_KEPT) this.versionsRead.clear();
    for (const id of chain) this.versionsRead.set(id, views.versions(views.history.byId.get(id)!));
    return this.versionsRead.get(checkpointId);
  }

  /**
   * Every checkpoint's TimelineSkeletonRow, newest first, equal to its whole entry's fields: next nodes and
   * breakpoints from the skeleton; errors, waiting nodes and fixed errors decoded for the checkpoints with
   * error or interrupt writes (the only ones that can have them).
   */
  timelineSkeleton(): TimelineSkeletonRow[] {
    const { skeleton } = this;
    const decided = new Map<string, CheckpointEntry>();
    for (const chunk of chunks([...skeleton.outcomeIds].filter((id) => this.byId.has(id)))) for (const entry of this.entries(chunk)) decided.set(entry.checkpointId, entry);
    return skeletonRows(skeleton.rows, decided, (row) => row, { children: (id) => skeleton.children.get(id)?.length ?? 0, writes: (id) => skeleton.writeCounts.get(id) ?? 0 });
  }

  private newestFirst(ids: readonly string[]): string[] {
    return newestFirst(ids, (id) => this.byId.has(id));
  }
}

/**
 * Every checkpoint's timeline row, newest first, from a history without values read with its routing writes
 * (readLightHistory with `routes`): a row's writers, next nodes, errors and waiting nodes depend on which
 * writes exist and on the values the light read keeps, never on a channel's or a write's value.
 */
export function lightTimeline(history: NamespaceHistory): CheckpointEntry[] {
  const views = new HistoryViews(history);
  const entries: CheckpointEntry[] = [];
  for (let i = history.ordered.length - 1; i >= 0; i -= 1) entries.push(views.entry(history.ordered[i]!));
  return entries;
}

/** Skeletons kept between calls (the timelines being looked at). */
const KEEP_SKELETONS = 4;
/** Whole timelines kept between calls (20,000 rows are some 10 MB). */
const KEEP_TIMELINES = 2;
/** Checkpoints whose versions one window decodes: the one asked for and its nearest ancestors. */
const VERSIONS_BATCH = 16;
/** Versions kept per skeleton (each holds what its writers returned). */
const VERSIONS_KEPT = 256;
/** Threads with at most this many checkpoints are read whole for their views (their skeleton would cost as much). */
const WHOLE_UP_TO = 256;

/**
 * The skeletons a reader holds, one per (thread, namespace): read on first use, all dropped when the file's
 * change token moves, the few most recently used kept.
 */
export class SkeletonWindows {
  private readonly held = new Map<string, SkeletonWindow>();
  private readonly graphs = new Map<string, InferredGraph>();
  /** Long threads' whole timelines (entries), newest first, until the file changes. */
  private readonly timelines = new Map<string, CheckpointEntry[]>();
  /** A light read kept for the other half of opening its thread: `forGraph`, read by the skeleton for the graph (else read by the graph for the skeleton). */
  private pendingLight: { id: string; history: NamespaceHistory; forGraph: boolean } | undefined;
  private heldToken = "";

  constructor(
    private readonly db: RawDatabase,
    private readonly histories: HistoryCache,
    private readonly dialect: () => Dialect,
  ) {}

  /**
   * The thread's skeleton window. Throws THREAD_NOT_FOUND naming the thread, namespace and file.
   * `forGraph` false: the caller will not ask for the graph (inspect), so the light read is not kept for it.
   */
  of(thread: ThreadKey, forGraph = true): SkeletonWindow {
    this.refresh();
    const key = { threadId: thread.threadId, namespace: thread.namespace ?? "" };
    const id = `${key.threadId}\u0000${key.namespace}`;
    let window = this.held.get(id);
    if (window) this.held.delete(id);
    else {
      const skeleton = readSkeleton(this.db, key.threadId, key.namespace, this.dialect(), this.lightHistory(id, key, "skeleton", forGraph && !this.graphs.has(id), forGraph));
      if (!skeleton) throw threadNotFound(this.db.file, key);
      window = new SkeletonWindow(this.db, skeleton, () => this.histories.views(key), () => this.graph(key));
    }
    this.held.set(id, window);
    while (this.held.size > KEEP_SKELETONS) this.held.delete(this.held.keys().next().value!);
    return window;
  }

  /**
   * The namespace's inferred graph (graph.ts), from its history without values (skeleton.ts's
   * readLightHistory): the same graph as the whole history's. Kept until the file changes. Throws THREAD_NOT_FOUND.
   */
  graph(thread: ThreadKey): InferredGraph {
    const key = { threadId: thread.threadId, namespace: thread.namespace ?? "" };
    const id = `${key.threadId}\u0000${key.namespace}`;
    this.refresh();
    let graph = this.graphs.get(id);
    if (graph) this.graphs.delete(id);
    else {
      const history = this.lightHistory(id, key, "graph", !this.held.has(id));
      if (!history) throw threadNotFound(this.db.file, key);
      graph = graphOnly(history);
    }
    this.graphs.set(id, graph);
    while (this.graphs.size > KEEP_SKELETONS) this.graphs.delete(this.graphs.keys().next().value!);
    return graph;
  }

  /**
   * The namespace's history without values, routing writes' values included (what the graph needs, a
   * superset of the skeleton's). Opening a thread asks for both its skeleton and its graph: the first
   * read is kept (`keep`, one at most) until the other takes it, so the file's JSON is read once. A read
   * the skeleton kept for the graph stays while the graph of another thread is inferred (the app's graph of
   * a thread is the union of the newest threads': the one opened is not always first), and is let go of
   * when another thread is opened. `routes` false (only for a read not kept): the skeleton's subset, without
   * routing writes' values.
   */
  private lightHistory(id: string, key: { threadId: string; namespace: string }, caller: "skeleton" | "graph" | "timeline", keep: boolean, routes = true): NamespaceHistory | null {
    const pending = this.pendingLight;
    if (pending?.id === id) {
      this.pendingLight = undefined;
      return pending.history;
    }
    if (caller !== "graph" || !pending?.forGraph) this.pendingLight = undefined;
    // Without `routes` (a skeleton for inspect, kept for no graph), routing writes' values are left in the file.
    const history = readLightHistory(this.db, key.threadId, key.namespace, this.dialect(), routes);
    if (history && keep && !this.pendingLight) this.pendingLight = { id, history, forGraph: caller === "skeleton" };
    return history;
  }

  /** The thread's checkpoint ids, newest first, from the primary key's index. Throws THREAD_NOT_FOUND. */
  ids(thread: ThreadKey): string[] {
    const key = { threadId: thread.threadId, namespace: thread.namespace ?? "" };
    const rows = this.db.all<{ id: string }>("SELECT checkpoint_id AS id FROM checkpoints WHERE thread_id = ? AND checkpoint_ns = ? ORDER BY checkpoint_id DESC", key.threadId, key.namespace);
    if (rows.length === 0) throw threadNotFound(this.db.file, key);
    return rows.map((row) => row.id);
  }

  /**
   * The named checkpoints in full, newest first. A short thread is decoded whole (as cheap as its skeleton,
   * and kept for the next page); a long one a window at a time. Throws THREAD_NOT_FOUND.
   */
  views(thread: ThreadKey, ids: readonly string[]): CheckpointView[] {
    const key = { threadId: thread.threadId, namespace: thread.namespace ?? "" };
    const count = this.count(key);
    // Only inspect pages through views, and it never asks for the graph: the light read (~27 MB on 20,000 checkpoints) is let go.
    if (count > WHOLE_UP_TO) return this.of(key, false).views(ids);
    const views = this.histories.views(key);
    const wanted = new Set(ids);
    return [...views.history.ordered].reverse().filter((checkpoint) => wanted.has(checkpoint.id)).map((checkpoint) => views.view(checkpoint));
  }

  /**
   * Every checkpoint's timeline row, newest first. A row reads no channel or write value but those the light
   * reads keep (Send packets, joins, routes), so none is decoded (the 20,000-checkpoint thread decoded 400 rows
   * at a time with every value piled up ~300 MB of windows before a full GC). A thread whose skeleton is held
   * (on screen) is laid out a window at a time over it (SkeletonWindow.timeline); another long one from one
   * read of its history without values (lightTimeline); a short one is decoded whole. The rows are kept until
   * the file changes. Throws THREAD_NOT_FOUND.
   */
  entries(thread: ThreadKey): CheckpointEntry[] {
    const key = { threadId: thread.threadId, namespace: thread.namespace ?? "" };
    const id = `${key.threadId}\u0000${key.namespace}`;
    this.refresh();
    const kept = this.timelines.get(id);
    if (kept) return [...keepRecent(this.timelines, id, kept, KEEP_TIMELINES)];
    // The thread on screen: its skeleton's facts and a window of the history without values at a time.
    if (this.held.has(id)) return [...keepRecent(this.timelines, id, this.of(key).timeline(), KEEP_TIMELINES)];
    if (this.count(key) > WHOLE_UP_TO) {
      // Else one read of the history without values (a light read kept for the graph is taken; a new one is not kept).
      const history = this.lightHistory(id, key, "timeline", false);
      if (!history) throw threadNotFound(this.db.file, key);
      return [...keepRecent(this.timelines, id, lightTimeline(history), KEEP_TIMELINES)];
    }
    const views = this.histories.views(key);
    return [...views.history.ordered].reverse().map((checkpoint) => views.entry(checkpoint));
  }

  /**
   * One checkpoint's channel versions. A short thread is decoded whole (kept for its next checkpoint); a long
   * one through its skeleton, a few ancestors at a time (SkeletonWindow.versions). Undefined when the
   * checkpoint does not exist; throws THREAD_NOT_FOUND.
   */
  versions(thread: ThreadKey, checkpointId: string): CheckpointVersions | undefined {
    const key = { threadId: thread.threadId, namespace: thread.namespace ?? "" };
    this.refresh();
    // A skeleton held (the thread on screen, or the previous link of the same walk) answers without counting.
    if (this.held.has(`${key.threadId}\u0000${key.namespace}`) || this.count(key) > WHOLE_UP_TO) return this.of(key).versions(checkpointId);
    const views = this.histories.views(key);
    const checkpoint = views.history.byId.get(checkpointId);
    return checkpoint && views.versions(checkpoint);
  }

  private count(key: { threadId: string; namespace: string }): number {
    return this.db.get<{ count: number }>("SELECT COUNT(*) AS count FROM checkpoints WHERE thread_id = ? AND checkpoint_ns = ?", key.threadId, key.namespace)?.count ?? 0;
  }

  /** The (thread, namespace) whose light read is kept for its graph, if any (for tests). */
  get keptLightRead(): ThreadKey | undefined {
    return this.pendingLight && { threadId: this.pendingLight.history.threadId, namespace: this.pendingLight.history.namespace };
  }

  clear(): void {
    this.held.clear();
    this.graphs.clear();
    this.timelines.clear();
    this.pendingLight = undefined;
  }

  /** Drop what was read when the file changed since. */
  private refresh(): void {
    const token = this.histories.changeToken();
    if (token !== this.heldToken) {
      this.clear();
      this.heldToken = token;
    }
  }
}
