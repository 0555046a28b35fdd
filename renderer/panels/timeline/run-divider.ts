/**
 * The timeline's run dividers take room of their own: the row of a run's first checkpoint (entry.run
 * .started) is RUN_DIVIDER_HEIGHT taller, the divider drawn above the checkpoint's own line.
 */
import { useMemo } from "react";
import type { BranchLayout } from "../../model/branch-lanes.ts";
import type { AppState } from "../../store/types.ts";
import { useAppStore } from "../../store/useAppStore.ts";
import { ROW_HEIGHT } from "./lane-geometry.ts";

/** Room for the divider's two lines, which a narrow timeline stacks (timeline.css). */
export const RUN_DIVIDER_HEIGHT = 36;

/** The loaded entries that start a run, as one string of ids, so the answer compares equal while they do not change. */
const selectRunStarts = (s: AppState) => {
  let key = "";
  for (const entry of s.timelineEntries.values()) if (entry.run?.started) key += `${entry.checkpointId}\n`;
  return key;
};

/** Ids of the loaded checkpoints whose rows carry a run divider; a new set only when they change. */
export function useRunStarts(): ReadonlySet<string> {
  const key = useAppStore(selectRunStarts);
  return useMemo(() => new Set(key.split("\n").filter(Boolean)), [key]);
}

/** The height of row `index`: taller by the divider when its checkpoint starts a run. */
export function rowHeightOf(layout: BranchLayout | null, runStarts: ReadonlySet<string>, index: number): number {
  const id = layout?.rows[index]?.checkpointId;
  return id !== undefined && runStarts.has(id) ? ROW_HEIGHT + RUN_DIVIDER_HEIGHT : ROW_HEIGHT;
}
