/**
 * What the branch compare offers to compare: each branch's head (a checkpoint with no child) and any
 * other checkpoint the user pointed at, labelled the way the timeline shows them; and the pair it opens
 * on when asked from the timeline. Pure: it reads the timeline's entries and branch layout.
 */
import type { CheckpointEntry } from "../../core/api/types.ts";
import type { BranchLayout } from "./branch-lanes.ts";

export interface CompareCandidate {
  checkpointId: string;
  label: string;
}

/** "branch 2 head · step 5 · respond" (the branch number counts from 1, as people do). */
export function candidateLabel(entry: CheckpointEntry, layout: BranchLayout): string {
  const index = layout.indexById.get(entry.checkpointId);
  const branch = index === undefined ? null : layout.rows[index]!.branch + 1;
  const head = (layout.children.get(entry.checkpointId)?.length ?? 0) === 0;
  const writers = entry.writers.length > 0 ? entry.writers.join(", ") : entry.source;
  return `${branch === null ? "" : `branch ${branch}${head ? " head" : ""} · `}step ${entry.step} · ${writers}`;
}

/** Every branch head, oldest branch first. */
export function branchHeads(entries: ReadonlyMap<string, CheckpointEntry>, layout: BranchLayout): CheckpointEntry[] {
  const heads: CheckpointEntry[] = [];
  for (const row of layout.rows) {
    const entry = entries.get(row.checkpointId);
    if (entry && (layout.children.get(row.checkpointId)?.length ?? 0) === 0) heads.push(entry);
  }
  return heads.sort((a, b) => branchOf(a, layout) - branchOf(b, layout));
}

function branchOf(entry: CheckpointEntry, layout: BranchLayout): number {
  const index = layout.indexById.get(entry.checkpointId);
  return index === undefined ? Number.MAX_SAFE_INTEGER : layout.rows[index]!.branch;
}

/** The branch heads plus `extra` checkpoints (the sides in use), without repeats, labelled. */
export function compareCandidates(entries: ReadonlyMap<string, CheckpointEntry>, layout: BranchLayout, extra: readonly (string | null)[]): CompareCandidate[] {
  const ids = branchHeads(entries, layout).map((entry) => entry.checkpointId);
  for (const id of extra) if (id !== null && entries.has(id) && !ids.includes(id)) ids.push(id);
  return ids.map((id) => ({ checkpointId: id, label: candidateLabel(entries.get(id)!, layout) }));
}

/** Whether `ancestor` is `id` or one of its ancestors. */
function onChain(entries: ReadonlyMap<string, CheckpointEntry>, id: string, ancestor: string): boolean {
  const seen = new Set<string>();
  for (let at: string | null = id; at !== null && !seen.has(at); at = entries.get(at)?.parentId ?? null) {
    if (at === ancestor) return true;
    seen.add(at);
  }
  return false;
}

/**
 * The pair "Compare…" opens on: the checkpoint picked with shift-click against the selected one; else
 * the selected checkpoint's branch head against the newest head of another branch (left is the older
 * branch). Null when the thread has one branch and nothing was picked.
 */
export function defaultComparePair(
  entries: ReadonlyMap<string, CheckpointEntry>,
  layout: BranchLayout,
  selectedId: string | null,
  pickedId: string | null,
): { left: string; right: string } | null {
  if (pickedId !== null && selectedId !== null && pickedId !== selectedId && entries.has(pickedId) && entries.has(selectedId)) return { left: pickedId, right: selectedId };
  const heads = branchHeads(entries, layout);
  if (heads.length < 2) return null;
  const mine = selectedId === null ? undefined : heads.find((head) => onChain(entries, head.checkpointId, selectedId));
  const own = mine ?? heads[0]!;
  const other = [...heads].reverse().find((head) => head.checkpointId !== own.checkpointId)!;
  return branchOf(own, layout) <= branchOf(other, layout) ? { left: own.checkpointId, right: other.checkpointId } : { left: other.checkpointId, right: own.checkpointId };
}
