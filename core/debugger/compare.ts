/**
 * Branch compare: two checkpoints' histories (two branch heads, or any two checkpoints of a thread)
 * aligned step by step from their common ancestor. An edit or fork that only one side has stands alone;
 * other rows pair checkpoints of the same step, or, where steps differ (the edit shifted one side),
 * checkpoints written by the same nodes; the rest stand alone. Each pair carries the state diff (diff.ts), and the first divergent row is marked. Pure: the
 * caller reads entries and values.
 */
import { ChronographError } from "../api/errors.ts";
import type { BranchComparison, CheckpointEntry, CompareRow } from "../api/types.ts";
import { jsonEqual } from "../api/json-equal.ts";
import { diffValues } from "../api/diff.ts";

export interface Alignment {
  ancestorId: string | null;
  rows: Array<Pick<CompareRow, "left" | "right" | "alignedBy" | "sameWriters">>;
}

/** Root-first chain ending at `id`. Throws CHECKPOINT_NOT_FOUND naming the checkpoint and thread. */
function chainTo(byId: ReadonlyMap<string, CheckpointEntry>, id: string, threadId: string): CheckpointEntry[] {
  const chain: CheckpointEntry[] = [];
  const seen = new Set<string>();
  for (let entry = byId.get(id); entry !== undefined && !seen.has(entry.checkpointId); entry = entry.parentId === null ? undefined : byId.get(entry.parentId)) {
    seen.add(entry.checkpointId);
    chain.push(entry);
  }
  if (chain.length === 0) throw new ChronographError("CHECKPOINT_NOT_FOUND", `Checkpoint "${id}" does not exist in thread "${threadId}".`, { thread: threadId, checkpoint: id });
  return chain.reverse();
}

const isEdit = (entry: CheckpointEntry) => entry.source === "update" || entry.source === "fork";
const sameWriters = (a: CheckpointEntry, b: CheckpointEntry) => a.writers.join("\u0000") === b.writers.join("\u0000");

/** Align the histories of `left` and `right` (checkpoints among `entries`, a thread's timeline). */
export function alignBranches(entries: readonly CheckpointEntry[], left: string, right: string, threadId: string): Alignment {
  const byId = new Map(entries.map((entry) => [entry.checkpointId, entry]));
  const leftChain = chainTo(byId, left, threadId);
  const rightChain = chainTo(byId, right, threadId);
  let shared = 0;
  while (shared < leftChain.length && shared < rightChain.length && leftChain[shared]!.checkpointId === rightChain[shared]!.checkpointId) shared += 1;
  const ancestorId = shared > 0 ? leftChain[shared - 1]!.checkpointId : null;
  const l = leftChain.slice(shared);
  const r = rightChain.slice(shared);
  const rows: Alignment["rows"] = [];
  let i = 0;
  let j = 0;
  while (i < l.length || j < r.length) {
    const a = l[i];
    const b = r[j];
    // An edit or fork on one side only shifts that side's steps: it stands alone, and the steps after it pair by writer.
    if (a && b && isEdit(a) !== isEdit(b)) {
      rows.push(isEdit(a) ? { left: a, right: null, alignedBy: "none", sameWriters: false } : { left: null, right: b, alignedBy: "none", sameWriters: false });
      if (isEdit(a)) i += 1;
      else j += 1;
    } else if (a && b && (a.step === b.step || sameWriters(a, b))) {
      rows.push({ left: a, right: b, alignedBy: a.step === b.step ? "step" : "writer", sameWriters: sameWriters(a, b) });
      i += 1;
      j += 1;
    } else if (a && (!b || a.step < b.step)) {
      rows.push({ left: a, right: null, alignedBy: "none", sameWriters: false });
      i += 1;
    } else {
      rows.push({ left: null, right: b!, alignedBy: "none", sameWriters: false });
      j += 1;
    }
  }
  return { ancestorId, rows };
}

/** A row with its state diff; `values` holds the state of every checkpoint of the row (by id). */
export function compareRow(row: Alignment["rows"][number], index: number, values: ReadonlyMap<string, Record<string, unknown>>): CompareRow {
  if (!row.left || !row.right) return { ...row, index, changes: [], divergent: true };
  const before = values.get(row.left.checkpointId) ?? {};
  const after = values.get(row.right.checkpointId) ?? {};
  const changes = jsonEqual(before, after) ? [] : diffValues(before, after);
  return { ...row, index, changes, divergent: !row.sameWriters || changes.length > 0 };
}

/** Rows per compareBranches answer unless asked otherwise, and at most. */
export const DEFAULT_COMPARE_ROWS = 100;
export const MAX_COMPARE_ROWS = 500;

/**
 * One page of the comparison: rows offset .. offset + limit with their diffs, and the first divergent row
 * among rows 0 .. the page's end. `readValues` reads a checkpoint's state (each read once).
 */
export async function comparePage(
  alignment: Alignment,
  ids: { left: string; right: string },
  page: { offset?: number | undefined; limit?: number | undefined },
  readValues: (checkpointId: string) => Promise<Record<string, unknown>>,
): Promise<BranchComparison> {
  const offset = page.offset ?? 0;
  const end = Math.min(alignment.rows.length, offset + Math.min(page.limit ?? DEFAULT_COMPARE_ROWS, MAX_COMPARE_ROWS));
  const values = new Map<string, Record<string, unknown>>();
  const compared: CompareRow[] = [];
  let firstDivergent: number | null = null;
  for (let index = 0; index < end; index += 1) {
    const row = alignment.rows[index]!;
    // Before the page, only until the first divergence is known.
    if (index < offset && firstDivergent !== null) continue;
    for (const side of [row.left, row.right]) if (side && !values.has(side.checkpointId)) values.set(side.checkpointId, await readValues(side.checkpointId));
    const result = compareRow(row, index, values);
    if (result.divergent && firstDivergent === null) firstDivergent = index;
    if (index >= offset) compared.push(result);
  }
  return { ...ids, ancestorId: alignment.ancestorId, rows: compared, firstDivergent, offset, totalRows: alignment.rows.length, truncated: end < alignment.rows.length };
}
