/**
 * The order the timeline shows a thread's checkpoints in, like `git log --graph` read top-down from the
 * oldest: the backend decides it once so the app can ask for any window of rows by offset.
 *
 * A branch is a chain that follows each checkpoint's oldest child; every other child starts a new
 * branch (a fork, an edit, a replay from the middle). Branches are emitted whole, oldest first, and never
 * before the branch they fork from, so each branch is a contiguous block of rows below its fork point:
 * a row whose parent is the row just above continues its branch, any other row starts one. The app lays
 * out the gutter's lanes from that alone (renderer/model/branch-lanes.ts).
 *
 * Pure and O(n log n), for threads of 20,000 checkpoints and more. In core/api because both sides use it:
 * the backend to window the rows, the app to lay out rows given whole (tests, small tools).
 */
import type { TimelineShape } from "./types.ts";

/** What ordering needs of a checkpoint. */
export interface OrderInput {
  checkpointId: string;
  parentId: string | null;
  createdAt: number | null;
}

/** When a checkpoint was made, for ordering: its creation time in whole ms (none: after every timed one), then its id. */
interface Key {
  time: number;
  id: string;
}

interface Block {
  ids: string[];
  /** The checkpoint this branch forks from, or null for a root. */
  forkOf: string | null;
  key: Key;
}

const keyOf = (entry: OrderInput): Key => ({ time: entry.createdAt === null ? Infinity : Math.floor(entry.createdAt), id: entry.checkpointId });

/** Oldest first: creation time, then id (ids sort in creation order). */
function compareKeys(a: Key, b: Key): number {
  if (a.time !== b.time) return a.time < b.time ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function buildBlocks(entries: readonly OrderInput[], children: Map<string, string[]>, keys: Map<string, Key>): Block[] {
  const isRoot = (entry: OrderInput) => entry.parentId === null || !keys.has(entry.parentId);
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
  const sorted = [...blocks].sort((a, b) => compareKeys(a.key, b.key));
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

/** The thread's rows in display order, each with the row of its parent (-1 for a root or a missing parent). */
export function orderTimeline(entries: readonly OrderInput[]): TimelineShape {
  const keys = new Map(entries.map((entry) => [entry.checkpointId, keyOf(entry)]));
  const children = new Map<string, string[]>();
  const parentOf = new Map<string, string | null>();
  for (const entry of entries) {
    parentOf.set(entry.checkpointId, entry.parentId);
    if (entry.parentId === null || !keys.has(entry.parentId)) continue;
    const list = children.get(entry.parentId);
    if (list) list.push(entry.checkpointId);
    else children.set(entry.parentId, [entry.checkpointId]);
  }
  for (const list of children.values()) if (list.length > 1) list.sort((a, b) => compareKeys(keys.get(a)!, keys.get(b)!));

  const blocks = buildBlocks(entries, children, keys);
  const blockOf = new Map<string, Block>();
  for (const block of blocks) for (const id of block.ids) blockOf.set(id, block);
  const ids: string[] = [];
  for (const block of orderBlocks(blocks, blockOf)) for (const id of block.ids) ids.push(id);
  const rowOf = new Map(ids.map((id, row) => [id, row]));
  // A block is only ever entered at its first row, so a cycle's first row keeps no parent row: it shows as a root.
  const parents = ids.map((id, row) => {
    const parent = rowOf.get(parentOf.get(id) ?? "") ?? -1;
    return parent === row - 1 || (parent >= 0 && parent < row && blockOf.get(ids[parent]!) !== blockOf.get(id)) ? parent : -1;
  });
  return { ids, parents };
}
