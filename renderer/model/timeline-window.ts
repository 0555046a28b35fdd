/**
 * The timeline's loaded rows (a window of a thread that may hold 20,000): which rows the list still needs,
 * and how a fresh window joins the rows held so that an unchanged row keeps its object (memoized rows
 * compare by identity and are not drawn again).
 */
import type { CheckpointEntry } from "../../core/api/types.ts";
import type { BranchLayout } from "./branch-lanes.ts";

function sameEntry(a: CheckpointEntry, b: CheckpointEntry): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Put `incoming` into `target`, each as the object `previous` holds for it when that one is equal.
 * Returns `target` (pass a copy of `previous` to add to what is held, an empty map to replace it).
 */
export function mergeEntries(target: Map<string, CheckpointEntry>, previous: ReadonlyMap<string, CheckpointEntry>, incoming: readonly CheckpointEntry[]): Map<string, CheckpointEntry> {
  for (const entry of incoming) {
    const held = previous.get(entry.checkpointId);
    target.set(entry.checkpointId, held && sameEntry(held, entry) ? held : entry);
  }
  return target;
}

/** The first and last of rows `first`..`last` (clamped to the layout) that are not loaded, or null. */
export function missingRange(layout: BranchLayout, entries: ReadonlyMap<string, CheckpointEntry>, first: number, last: number): { first: number; last: number } | null {
  const from = Math.max(0, first);
  const to = Math.min(layout.rows.length - 1, last);
  let low = -1;
  let high = -1;
  for (let row = from; row <= to; row += 1) {
    if (entries.has(layout.rows[row]!.checkpointId)) continue;
    if (low === -1) low = row;
    high = row;
  }
  return low === -1 ? null : { first: low, last: high };
}
