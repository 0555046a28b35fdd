/**
 * Lays a thread's checkpoints out as a tree of branches for the timeline, like `git log --graph`.
 *
 * A branch is a chain that follows each checkpoint's oldest child. Every other child starts a new branch
 * (a fork, an edit, a replay from the middle). Branches are emitted whole, oldest first, and never before
 * the branch they fork from, so each branch is a contiguous block of rows below its fork point. Lanes are
 * the gutter columns: a branch holds its lane from the row it forks at to its last row, and lanes are
 * reused once free (interval colouring, so the gutter stays as narrow as the tree allows).
 *
 * Pure and O(n log n): it runs on every timeline refresh, for threads of 20,000 checkpoints.
 */
import type { CheckpointEntry } from "../../core/api/types.ts";

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
  indexById: Map<string, number>;
  passes: LanePass[];
  laneCount: number;
  branchCount: number;
  /** Children of each checkpoint in display order (the first continues its branch). */
  children: Map<string, string[]>;
}

interface Block {
  ids: string[];
  /** The checkpoint this branch forks from, or null for a root. */
  forkOf: string | null;
  key: string;
}

/** Oldest first: creation time, then id (ids sort in creation order). */
function sortKey(entry: CheckpointEntry): string {
  const time = entry.createdAt === null ? "" : String(Math.floor(entry.createdAt)).padStart(16, "0");
  return `${time}|${entry.checkpointId}`;
}

function buildBlocks(entries: readonly CheckpointEntry[], children: Map<string, string[]>, keys: Map<string, string>): Block[] {
  const ids = new Set(entries.map((entry) => entry.checkpointId));
  const isRoot = (entry: CheckpointEntry) => entry.parentId === null || !ids.has(entry.parentId);
  const seen = new Set<string>();
  const blocks: Block[] = [];
  const walk = (starts: Array<{ id: string; forkOf: string | null }>) => {
    while (starts.length > 0) {
      const start = starts.pop()!;
      if (seen.has(start.id)) continue;
      const block: Block = { ids: [], forkOf: start.forkOf, key: keys.get(start.id)! };
      let current: string | undefined = start.id;
      // `seen` also guards against parent cycles in a damaged file.
      while (current !== undefined && !seen.has(current)) {
        seen.add(current);
        block.ids.push(current);
        const kids: string[] = children.get(current) ?? [];
        for (let i = 1; i < kids.length; i += 1) starts.push({ id: kids[i]!, forkOf: current });
        current = kids[0];
      }
      blocks.push(block);
    }
  };
  walk(entries.filter(isRoot).map((entry) => ({ id: entry.checkpointId, forkOf: null })));
  // Checkpoints caught in a parent cycle have no root; show them as roots rather than drop them.
  for (const entry of entries) if (!seen.has(entry.checkpointId)) walk([{ id: entry.checkpointId, forkOf: null }]);
  return blocks;
}

/** Emit blocks oldest first, but never a fork before the block holding its fork point. */
function orderBlocks(blocks: Block[], blockOf: Map<string, Block>): Block[] {
  const sorted = [...blocks].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const emitted = new Set<Block>();
  const waiting = new Map<Block, Block[]>();
  const out: Block[] = [];
  const emit = (block: Block) => {
    const stack = [block];
    while (stack.length > 0) {
      const next = stack.pop()!;
      out.push(next);
      emitted.add(next);
      const queued = waiting.get(next);
      if (queued) for (let i = queued.length - 1; i >= 0; i -= 1) stack.push(queued[i]!);
    }
  };
  for (const block of sorted) {
    const parent = block.forkOf === null ? null : blockOf.get(block.forkOf)!;
    if (parent === null || emitted.has(parent)) emit(block);
    else waiting.set(parent, [...(waiting.get(parent) ?? []), block]);
  }
  return out;
}

export function layoutBranches(entries: readonly CheckpointEntry[]): BranchLayout {
  const keys = new Map(entries.map((entry) => [entry.checkpointId, sortKey(entry)]));
  const children = new Map<string, string[]>();
  for (const entry of entries) {
    if (entry.parentId === null || !keys.has(entry.parentId)) continue;
    const list = children.get(entry.parentId);
    if (list) list.push(entry.checkpointId);
    else children.set(entry.parentId, [entry.checkpointId]);
  }
  for (const list of children.values()) list.sort((a, b) => (keys.get(a)! < keys.get(b)! ? -1 : 1));

  const blocks = buildBlocks(entries, children, keys);
  const blockOf = new Map<string, Block>();
  for (const block of blocks) for (const id of block.ids) blockOf.set(id, block);
  const ordered = orderBlocks(blocks, blockOf);

  const indexById = new Map<string, number>();
  let row = 0;
  for (const block of ordered) for (const id of block.ids) indexById.set(id, row++);

  // Interval colouring: a branch occupies its lane from its fork row to its last row.
  const intervals = ordered.map((block, branch) => {
    const first = indexById.get(block.ids[0]!)!;
    const start = block.forkOf === null ? first : indexById.get(block.forkOf)!;
    return { branch, block, start, first, end: first + block.ids.length - 1, lane: 0 };
  });
  const byStart = [...intervals].sort((a, b) => a.start - b.start || a.branch - b.branch);
  const laneEnds: number[] = [];
  for (const interval of byStart) {
    let lane = laneEnds.findIndex((end) => end < interval.start);
    if (lane === -1) lane = laneEnds.length;
    laneEnds[lane] = interval.end;
    interval.lane = lane;
  }

  const rows: LaneRow[] = new Array(row);
  const passes: LanePass[] = [];
  for (const interval of intervals) {
    const { block, lane, first, branch } = interval;
    block.ids.forEach((id, i) => {
      rows[first + i] = { checkpointId: id, lane, up: i > 0 || block.forkOf !== null, down: i < block.ids.length - 1, forks: [], branch };
    });
    if (block.forkOf !== null) {
      const forkRow = interval.start;
      if (first - forkRow > 1) passes.push({ lane, fromRow: forkRow + 1, toRow: first - 1 });
    }
  }
  for (const interval of intervals) {
    if (interval.block.forkOf !== null) rows[interval.start]!.forks.push(interval.lane);
  }

  return { rows, indexById, passes, laneCount: laneEnds.length, branchCount: ordered.length, children };
}

/** Lanes with a line crossing row `row` (for drawing only the rows on screen). */
export function passingLanes(layout: BranchLayout, row: number): number[] {
  const lanes: number[] = [];
  for (const pass of layout.passes) if (pass.fromRow <= row && row <= pass.toRow) lanes.push(pass.lane);
  return lanes;
}
