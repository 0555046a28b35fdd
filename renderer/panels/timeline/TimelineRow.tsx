import { CircleX, GitCompareArrows, Pause } from "lucide-react";
import { memo, type MouseEvent } from "react";
import type { CheckpointEntry } from "../../../core/api/types.ts";
import { passingLanes } from "../../model/branch-lanes.ts";
import { formatDuration, formatTime } from "../../model/format.ts";
import { stoppedAt } from "../../model/graph-lighting.ts";
import { nextLabels, writerLabels } from "../../model/internal-names.ts";
import type { AppState } from "../../store/types.ts";
import { useAppStore } from "../../store/useAppStore.ts";
import { useRawNames } from "../../ui/useRawNames.ts";
import { LaneGutter } from "./LaneGutter.tsx";
import { RunDivider } from "./RunDivider.tsx";
import { RUN_DIVIDER_HEIGHT } from "./run-divider.ts";
import { RunMarks } from "./RunMarks.tsx";

export interface TimelineRowProps {
  index: number;
  top: number;
  gutter: number;
}

function dotOf(entry: CheckpointEntry): "plain" | "error" | "interrupt" | "update" | "input" {
  if (entry.errors.length > 0) return "error";
  if (stoppedAt(entry).length > 0) return "interrupt";
  if (entry.source === "update" || entry.source === "fork") return "update";
  if (entry.source === "input") return "input";
  return "plain";
}

const NO_LANES: number[] = [];
const selectSelect = (s: AppState) => s.selectCheckpoint;
const selectSetCompare = (s: AppState) => s.setCompareFrom;

/**
 * One checkpoint of the timeline: step, source, writers, next, time, duration, error and interrupt marks.
 * It reads only its own row of the layout and its own entry, so a row a run did not change is not drawn
 * again when the run appends one; a row whose entry is not loaded yet shows as a placeholder.
 */
export const TimelineRow = memo(function TimelineRow({ index, top, gutter }: TimelineRowProps) {
  const row = useAppStore((s: AppState) => s.timelineLayout?.rows[index]);
  // A string, so the selector's answer compares equal while the lanes do not change.
  const passing = useAppStore((s: AppState) => (s.timelineLayout ? passingLanes(s.timelineLayout, index).join(",") : ""));
  const id = row?.checkpointId ?? "";
  const entry = useAppStore((s: AppState) => s.timelineEntries.get(id));
  const selected = useAppStore((s: AppState) => s.selectedCheckpointId === id);
  const compare = useAppStore((s: AppState) => s.compareFromId === id);
  const select = useAppStore(selectSelect);
  const setCompare = useAppStore(selectSetCompare);
  const [raw] = useRawNames();
  if (!row) return null;
  if (!entry) return <div className="trow trow--loading" data-loading-row={index} style={{ top }} aria-hidden />;

  const onClick = (event: MouseEvent) => {
    if (event.shiftKey || event.altKey) setCompare(id);
    else select(id);
  };
  // A run's first checkpoint has the run divider above it, inside the row's taller slot (run-divider.ts).
  const divider = entry.run?.started ? RUN_DIVIDER_HEIGHT : 0;
  const classes = ["trow", selected ? "trow--selected" : "", compare ? "trow--compare" : "", entry.errors.length > 0 && !entry.errorFixed ? "trow--error" : "", stoppedAt(entry).length > 0 ? "trow--interrupt" : ""];
  return (
    <>
    {divider > 0 && <RunDivider entry={entry} row={row} index={index} top={top} gutter={gutter} />}
    <div
      className={classes.filter(Boolean).join(" ")}
      role="option"
      aria-selected={selected}
      data-checkpoint-id={id}
      data-step={entry.step}
      data-source={entry.source}
      data-branch={row.branch}
      data-run={entry.run?.number}
      style={{ top: top + divider }}
      onClick={onClick}
      // Shift-click compares: keep the browser from extending a text selection across the page.
      onMouseDown={(event) => {
        if (event.shiftKey) event.preventDefault();
      }}
      title={`${id}\nshift-click: compare with this checkpoint`}
    >
      <LaneGutter row={row} passing={passing === "" ? NO_LANES : passing.split(",").map(Number)} width={gutter} dot={dotOf(entry)} />
      <span className="trow__step">{entry.step}</span>
      <span className={`trow__source trow__source--${entry.source}`}>{entry.source}</span>
      <span className="trow__writers">
        {entry.writers.length > 0 ? writerLabels(entry.writers, raw).join(", ") : <span className="muted">{entry.source === "input" ? "input" : "—"}</span>}
        {entry.next.length > 0 && <span className="trow__next"> → {nextLabels(entry.next, raw).join(", ")}</span>}
      </span>
      {entry.errors.length > 0 && !entry.errorFixed && (
        <span className="trow__mark trow__mark--error" data-mark="error">
          <CircleX aria-hidden />
          {entry.errors.join(", ")}
        </span>
      )}
      {entry.interrupted.length > 0 && (
        <span className="trow__mark trow__mark--interrupt" data-mark="interrupt">
          <Pause aria-hidden />
          {entry.interrupted.join(", ")}
        </span>
      )}
      <RunMarks entry={entry} />
      {compare && <span className="trow__compare">compare</span>}
      <span className="trow__time">{formatTime(entry.createdAt)}</span>
      <span className="trow__duration">{formatDuration(entry.durationMs)}</span>
      <button
        type="button"
        className="trow__cmp"
        aria-label="Compare with this checkpoint"
        title="Diff the selected checkpoint against this one"
        onClick={(event) => {
          event.stopPropagation();
          setCompare(compare ? null : id);
        }}
      >
        <GitCompareArrows />
      </button>
    </div>
    </>
  );
});
