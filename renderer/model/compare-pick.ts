/**
 * What the branch compare offers to compare: each branch's head (a checkpoint with no child) and any
 * other checkpoint the user pointed at, labelled the way the timeline shows them; and the pair it opens
 * on when asked from the timeline. Pure. The branch layout knows every checkpoint of the thread; the
 * entries are only the rows loaded so far (a window), so they only improve the labels.
 */
import type { CheckpointEntry } from "../../core/api/types.ts";
import { shortId } from "./format.ts";
import type { BranchLayout } from "./branch-lanes.ts";

export interface CompareCandidate {
  checkpointId: string;
  label: string;
}

const isHead = (layout: BranchLayout, id: string) => (layout.children.get(id)?.length ?? 0) === 0;

/** "branch 2 head · step 5 · respond" (branches count from 1, as people do); the id's end when the row is not loaded. */
export function candidateLabel(checkpointId: string, layout: BranchLayout, entry: CheckpointEntry | undefined): string {
  const index = layout.indexById.get(checkpointId);
  const where = index === undefined ? "" : `branch ${layout.rows[index]!.branch + 1}${isHead(layout, checkpointId) ? " head" : ""} · `;
  if (!entry) return `${where}${shortId(checkpointId)}`;
  return `${where}step ${entry.step} · ${entry.writers.length > 0 ? entry.writers.join(", ") : entry.source}`;
}

/** Every branch head's id, oldest branch first. */
export function branchHeads(layout: BranchLayout): string[] {
  const heads = layout.rows.filter((row) => isHead(layout, row.checkpointId));
  return heads.sort((a, b) => a.branch - b.branch).map((row) => row.checkpointId);
}

/** The branch heads plus `extra` checkpoints (the sides in use), without repeats, labelled. */
export function compareCandidates(entries: ReadonlyMap<string, CheckpointEntry>, layout: BranchLayout, extra: readonly (string | null)[]): CompareCandidate[] {
  const ids = branchHeads(layout);
  for (const id of extra) if (id !== null && layout.indexById.has(id) && !ids.includes(id)) ids.push(id);
  return ids.map((id) => ({ checkpointId: id, label: candidateLabel(id, layout, entries.get(id)) }));
}

/** The head of the branch (block of rows) holding row `index`: its last row that has no child. */
function headOfBranch(layout: BranchLayout, index: number): string {
  const branch = layout.rows[index]!.branch;
  let at = index;
  while (at + 1 < layout.rows.length && layout.rows[at + 1]!.branch === branch) at += 1;
  return layout.rows[at]!.checkpointId;
}

/**
 * The pair "Compare…" opens on: the checkpoint picked with shift-click against the selected one; else
 * the selected checkpoint's branch head against the newest head of another branch (left is the older
 * branch). Null when the thread has one branch and nothing was picked.
 */
export function defaultComparePair(layout: BranchLayout, selectedId: string | null, pickedId: string | null): { left: string; right: string } | null {
  if (pickedId !== null && selectedId !== null && pickedId !== selectedId && layout.indexById.has(pickedId) && layout.indexById.has(selectedId)) return { left: pickedId, right: selectedId };
  const heads = branchHeads(layout);
  if (heads.length < 2) return null;
  const selectedIndex = selectedId === null ? undefined : layout.indexById.get(selectedId);
  const own = selectedIndex === undefined ? heads[0]! : headOfBranch(layout, selectedIndex);
  const other = [...heads].reverse().find((head) => head !== own)!;
  const branchOf = (id: string) => layout.rows[layout.indexById.get(id)!]!.branch;
  return branchOf(own) <= branchOf(other) ? { left: own, right: other } : { left: other, right: own };
}
