import { GitCompareArrows } from "lucide-react";
import { defaultComparePair } from "../../model/compare-pick.ts";
import type { AppState } from "../../store/types.ts";
import { useAppStore } from "../../store/useAppStore.ts";
import { useStoreApi } from "../../store/useStoreApi.ts";
import { Button } from "../../ui/Button.tsx";

export const COMPARE_UNAVAILABLE = "This thread has one branch: shift-click a checkpoint to compare it with the selected one.";

// A boolean, so the timeline head re-renders only when the action turns on or off.
const selectCanCompare = (s: AppState) => s.timelineLayout !== null && defaultComparePair(s.timelineLayout, s.selectedCheckpointId, s.compareFromId) !== null;

/**
 * The timeline's "Compare…" action: opens the branch compare on the shift-clicked checkpoint and the
 * selected one, else on the selected branch's head and the newest other branch's head.
 */
export function CompareButton() {
  const store = useStoreApi();
  const enabled = useAppStore(selectCanCompare);
  const onClick = () => {
    const s = store.getState();
    const pair = s.timelineLayout ? defaultComparePair(s.timelineLayout, s.selectedCheckpointId, s.compareFromId) : null;
    if (pair) void s.openCompare(pair.left, pair.right);
  };
  return (
    <Button small variant="ghost" icon={<GitCompareArrows />} disabled={!enabled} title={enabled ? "Compare two branches side by side" : COMPARE_UNAVAILABLE} onClick={onClick} data-testid="compare-open" aria-label="Compare…">
      {/* A narrow timeline head shows the icon alone (timeline.css). */}
      <span className="compare-open__label">Compare…</span>
    </Button>
  );
}
