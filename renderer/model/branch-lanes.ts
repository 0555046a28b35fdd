/**
 * Lays a thread's checkpoints out as a tree of branches for the timeline, like `git log --graph`.
 *
 * The rows' order comes from the backend (core/api/timeline-order.ts: each branch a contiguous block of
 * rows below its fork point, oldest branch first) as a compact shape: ids and parent rows. Lanes are the
 * gutter columns: a branch holds its lane from the row it forks at to its last row, and lanes are reused
 * once free (interval colouring, so the gutter stays as narrow as the tree allows).
 *
 * Pure. layoutLanes is O(n log n), for threads of 20,000 checkpoints; appendRow adds a run's next
 * checkpoint in O(1) when it continues the last branch (every step of a replay after its first), keeping
 * every other row object as it was, so rows on screen that did not change are not drawn again.
 */
import { orderTimeline, type OrderInput } from "../../core/api/timeline-order.ts";
import type { TimelineShape } from "../../core/api/types.ts";

/** What the gutter draws in one row. */
export interface LaneRow {
  checkpointId: string;
  /** The lane holding this checkpoint's dot. */
  lane: number;
  /** A line enters the dot from the top (the parent is above, in this lane or forked into it). */
  up: boolean;
  /** A line leaves the dot downwards (the branch continues). */
  down: boolean;
  /** Lanes of the branches that fork off here: a curve from the dot to the bottom of the row in that lane. */
  forks: number[];
  /** Index of the branch (block) this row belongs to; 0 is the oldest. */
  branch: number;
  /** The row of its parent checkpoint, or -1 (a root, or a parent not in the thread). */
  parent: number;
}

/** A vertical line that crosses rows without stopping: a fork waiting for its first row. */
export interface LanePass {
  lane: number;
  /** First and last row (inclusive) crossed. */
  fromRow: number;
  toRow: number;
}

export interface BranchLayout {
  rows: LaneRow[];
  /** Row of each checkpoint. Shared with the layouts appendRow derives (it only ever gains ids). */
  indexById: Map<string, number>;
  passes: LanePass[];
  laneCount: number;
  branchCount: number;
  /** Children of each checkpoint in display order (the first continues its branch). Shared as indexById. */
  children: Map<string, string[]>;
}

/** The layout of rows already in display order (the backend's TimelineShape). */
export function layoutLanes(shape: TimelineShape): BranchLayout {
  const { ids, parents } = shape;
  const indexById = new Map<string, number>();
  const children = new Map<string, string[]>();
  ids.forEach((id, row) => {
    indexById.set(id, row);
    const parent = parents[row]!;
    if (parent < 0) return;
    const list = children.get(ids[parent]!);
    if (list) list.push(id);
    else children.set(ids[parent]!, [id]);
  });

  // A row whose parent is the row just above continues its branch; any other row starts one.
  const intervals: Array<{ branch: number; first: number; end: number; start: number; forked: boolean; lane: number }> = [];
  for (let row = 0; row < ids.length; row += 1) {
    if (row > 0 && parents[row] === row - 1) {
      intervals[intervals.length - 1]!.end = row;
      continue;
    }
    const forked = parents[row]! >= 0;
    intervals.push({ branch: intervals.length, first: row, end: row, start: forked ? parents[row]! : row, forked, lane: 0 });
  }
  // Interval colouring: a branch occupies its lane from its fork row to its last row.
  const byStart = [...intervals].sort((a, b) => a.start - b.start || a.branch - b.branch);
  const laneEnds: number[] = [];
  for (const interval of byStart) {
    let lane = laneEnds.findIndex((end) => end < interval.start);
    if (lane === -1) lane = laneEnds.length;
    laneEnds[lane] = interval.end;
    interval.lane = lane;
  }

  const rows: LaneRow[] = new Array(ids.length);
  const passes: LanePass[] = [];
  for (const { branch, first, end, start, forked, lane } of intervals) {
    for (let row = first; row <= end; row += 1) {
      rows[row] = { checkpointId: ids[row]!, lane, up: row > first || forked, down: row < end, forks: [], branch, parent: parents[row]! };
    }
    if (forked && first - start > 1) passes.push({ lane, fromRow: start + 1, toRow: first - 1 });
  }
  for (const interval of intervals) if (interval.forked) rows[interval.start]!.forks.push(interval.lane);

  return { rows, indexById, passes, laneCount: laneEnds.length, branchCount: intervals.length, children };
}

/** Lay out checkpoints given whole, in any order (tests and small tools; the app gets the shape from the backend). */
export function layoutBranches(entries: readonly OrderInput[]): BranchLayout {
  return layoutLanes(orderTimeline(entries));
}

/**
 * The layout with checkpoint `id` (child of `parentId`) added, when it continues the last branch: the
 * same layout a full recompute gives, in O(1) plus a copy of the rows array. Null otherwise (a fork, an
 * edit in the middle): then ask the backend for the new shape.
 */
export function appendRow(layout: BranchLayout, id: string, parentId: string | null): BranchLayout | null {
  const last = layout.rows.length - 1;
  const tail = layout.rows[last];
  if (!tail || parentId !== tail.checkpointId || tail.down || tail.forks.length > 0 || layout.indexById.has(id)) return null;
  const rows = layout.rows.slice();
  rows[last] = { ...tail, down: true };
  rows.push({ checkpointId: id, lane: tail.lane, up: true, down: false, forks: [], branch: tail.branch, parent: last });
  layout.indexById.set(id, last + 1);
  layout.children.set(parentId, [id]);
  return { ...layout, rows };
}

/** Lanes with a line crossing row `row` (for drawing only the rows on screen). */
export function passingLanes(layout: BranchLayout, row: number): number[] {
  const lanes: number[] = [];
  for (const pass of layout.passes) if (pass.fromRow <= row && row <= pass.toRow) lanes.push(pass.lane);
  return lanes;
}
