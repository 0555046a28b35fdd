/**
 * The database-independent part of a windowed LangGraph history, shared by the SQLite reader
 * (history-window.ts over skeleton.ts) and the PostgreSQL one (postgres/timeline.ts over its cut-down
 * skeleton). Each side keeps the namespace's skeleton and reads and decodes rows its own way (sync on
 * SQLite, async on PostgreSQL); this file decides which checkpoints a window decodes (windowIds), lays the
 * decoded ones over the facts that span the namespace (WindowHistory, WindowViews: a row or view of the
 * window equals the whole history's), and builds a timeline skeleton row (skeletonRows).
 */
import type { TimelineSkeletonRow } from "../../api/history-source.ts";
import type { CheckpointEntry } from "../../api/types.ts";
import { breakpointStop } from "./breakpoint.ts";
import type { InferredGraph } from "./graph.ts";
import { NamespaceHistory } from "./history.ts";
import type { Dialect, LoadedCheckpoint, LoadedWrite } from "./model.ts";
import { HistoryViews } from "./views.ts";

/** Ids per window read. */
export const CHUNK = 400;

/** The facts of a whole (thread, namespace) a window of it needs, from its skeleton. */
export interface WindowSkeleton {
  readonly file: string;
  readonly threadId: string;
  readonly namespace: string;
  readonly dialect: Dialect;
  /** Child ids of each checkpoint, oldest first. */
  readonly children: ReadonlyMap<string, string[]>;
  readonly nodes: ReadonlySet<string>;
  readonly triggers: ReadonlyMap<string, string[]>;
  readonly orphanWrites: readonly LoadedWrite[];
  /** The namespace's newest checkpoint. */
  readonly headId: string;
  /** Its light checkpoint, the head when a window did not decode it (a SQLite window always decodes the head). */
  readonly lightHead?: LoadedCheckpoint;
}

/** Some checkpoints of a namespace, decoded, with the facts that span it (children, nodes, triggers, orphan writes, head) from its skeleton. */
export class WindowHistory extends NamespaceHistory {
  constructor(
    private readonly skeleton: WindowSkeleton,
    checkpoints: LoadedCheckpoint[],
    writes: LoadedWrite[],
  ) {
    super(skeleton.file, skeleton.threadId, skeleton.namespace, skeleton.dialect, checkpoints, writes);
    // Only the decoded checkpoints' children are ever looked up: not a copy of the namespace's map per window
    // (a 20,000-entry map per inspect page was most of its garbage).
    this.children.clear();
    for (const checkpoint of checkpoints) {
      const children = skeleton.children.get(checkpoint.id);
      if (children) this.children.set(checkpoint.id, children);
    }
    for (const node of skeleton.nodes) this.nodes.add(node);
    this.triggers.clear();
    for (const [node, channels] of skeleton.triggers) this.triggers.set(node, channels);
    this.orphanWrites.splice(0, this.orphanWrites.length, ...skeleton.orphanWrites);
  }

  /** The namespace's newest checkpoint: decoded when in the window, else the skeleton's light one. */
  override get head(): LoadedCheckpoint {
    return this.byId.get(this.skeleton.headId) ?? this.skeleton.lightHead!;
  }
}

/** Views over a window whose inferred graph is the whole namespace's (an update's writer is told apart by it). */
class WindowViews extends HistoryViews {
  constructor(
    history: NamespaceHistory,
    private readonly wholeGraph: () => InferredGraph,
  ) {
    super(history);
  }

  override graph(): InferredGraph {
    return this.wholeGraph();
  }
}

/**
 * Views over the decoded checkpoints and writes laid over the skeleton's facts; `graph` gives the whole
 * namespace's inferred graph (without it, views infer one from the window alone).
 */
export function windowViews(skeleton: WindowSkeleton, decoded: { checkpoints: LoadedCheckpoint[]; writes: LoadedWrite[] }, graph?: () => InferredGraph): HistoryViews {
  const history = new WindowHistory(skeleton, decoded.checkpoints, decoded.writes);
  return graph ? new WindowViews(history, graph) : new HistoryViews(history);
}

/**
 * The checkpoints a window over `ids` decodes, added to `into`: each id the namespace has (`rows`), its
 * parent when the namespace has it (who wrote it; format < 4 Send packets) and, with `withChildren`, its
 * children (whether its step completed, which node an update was written as).
 */
export function windowIds(
  rows: ReadonlyMap<string, { parentId: string | null }>,
  children: ReadonlyMap<string, readonly string[]>,
  ids: Iterable<string>,
  withChildren: boolean,
  into = new Set<string>(),
): Set<string> {
  for (const id of ids) {
    const row = rows.get(id);
    if (!row) continue;
    into.add(id);
    if (row.parentId !== null && rows.has(row.parentId)) into.add(row.parentId);
    if (withChildren) for (const child of children.get(id) ?? []) into.add(child);
  }
  return into;
}

/** The distinct ids `has` knows, newest first. */
export function newestFirst(ids: readonly string[], has: (id: string) => boolean): string[] {
  return [...new Set(ids)].filter(has).sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
}

export function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** What a timeline skeleton row shows of a checkpoint with no error or interrupt write. */
export type QuietRow = Pick<TimelineSkeletonRow, "parentId" | "step" | "source" | "createdAt" | "next"> & { runId?: string | undefined };

/** How many children and writes a checkpoint has (with its next nodes, what decides its stop). */
export interface StopCounts {
  children(id: string): number;
  writes(id: string): number;
}

/**
 * Every checkpoint's TimelineSkeletonRow, newest first (`rows` oldest first), equal to its whole entry's fields
 * but writers and duration: from `decided` (the entries of the checkpoints with error or interrupt writes,
 * the only ones that can show errors, waiting nodes or fixed errors), else from `quiet` and `counts`.
 */
export function skeletonRows<R extends { id: string }>(rows: readonly R[], decided: ReadonlyMap<string, CheckpointEntry>, quiet: (row: R) => QuietRow, counts: StopCounts): TimelineSkeletonRow[] {
  const out: TimelineSkeletonRow[] = [];
  for (let i = rows.length - 1; i >= 0; i -= 1) {
    const row = rows[i]!;
    const entry = decided.get(row.id);
    if (entry) {
      const { writers: _writers, durationMs: _duration, ...rest } = entry;
      out.push(rest);
      continue;
    }
    const facts = quiet(row);
    const breakpoint = breakpointStop({ source: facts.source, children: counts.children(row.id), next: facts.next, writes: counts.writes(row.id) });
    const base: TimelineSkeletonRow = { checkpointId: row.id, parentId: facts.parentId, step: facts.step, source: facts.source, createdAt: facts.createdAt, next: facts.next, errors: [], interrupted: [], breakpoint };
    if (facts.runId !== undefined) base.runId = facts.runId;
    out.push(base);
  }
  return out;
}
