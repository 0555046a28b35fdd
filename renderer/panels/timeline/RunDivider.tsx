import { CirclePlay } from "lucide-react";
import { memo } from "react";
import type { CheckpointEntry } from "../../../core/api/types.ts";
import { passingLanes, type LaneRow } from "../../model/branch-lanes.ts";
import { boundaryText, boundaryTexts } from "../../model/run-text.ts";
import type { AppState } from "../../store/types.ts";
import { useAppStore } from "../../store/useAppStore.ts";
import { laneColor, laneX } from "./lane-geometry.ts";
import { RUN_DIVIDER_HEIGHT } from "./run-divider.ts";

export interface RunDividerProps {
  entry: CheckpointEntry;
  row: LaneRow;
  index: number;
  top: number;
  gutter: number;
}

/**
 * The divider above a run's first checkpoint: "Run 2 resumed this thread · Run 1 stopped without
 * finishing after step 1". Its gutter carries the branch lines on; the checkpoint's own lane is dashed
 * there, since one process stopped and another took over.
 */
export const RunDivider = memo(function RunDivider({ entry, row, index, top, gutter }: RunDividerProps) {
  // A string, so the selector's answer compares equal while the lanes do not change.
  const passing = useAppStore((s: AppState) => (s.timelineLayout ? passingLanes(s.timelineLayout, index).join(",") : ""));
  const texts = entry.run ? boundaryTexts(entry.run, entry.step) : null;
  if (!texts || !entry.run) return null;
  const h = RUN_DIVIDER_HEIGHT;
  const x = laneX(row.lane);
  return (
    <div className="trun" role="separator" aria-label={boundaryText(entry.run, entry.step) ?? texts.started} data-run-divider={entry.run.number} style={{ top, height: h }}>
      <svg className="lanes" width={gutter} height={h} aria-hidden>
        {passing !== "" &&
          passing.split(",").map(Number).map((lane) => <line key={lane} x1={laneX(lane)} y1={0} x2={laneX(lane)} y2={h} stroke={laneColor(lane)} strokeWidth={1.5} />)}
        {row.up && <line x1={x} y1={0} x2={x} y2={h} stroke={laneColor(row.lane)} strokeWidth={1.5} strokeDasharray="2 3" />}
      </svg>
      <span className="trun__text" title={boundaryText(entry.run, entry.step) ?? undefined}>
        <CirclePlay aria-hidden />
        <span className="trun__started" data-testid="run-started">{texts.started}</span>
        <span className="trun__previous" data-testid="run-previous">{texts.previous}</span>
      </span>
    </div>
  );
});
