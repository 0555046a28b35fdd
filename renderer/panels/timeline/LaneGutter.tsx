import { memo } from "react";
import type { LaneRow } from "../../model/branch-lanes.ts";
import { laneColor, laneX, ROW_HEIGHT } from "./lane-geometry.ts";

export interface LaneGutterProps {
  row: LaneRow;
  passing: number[];
  width: number;
  dot: "plain" | "error" | "interrupt" | "update" | "input";
}

/** The branch lines and the checkpoint's dot for one timeline row. */
export const LaneGutter = memo(function LaneGutter({ row, passing, width, dot }: LaneGutterProps) {
  const h = ROW_HEIGHT;
  const mid = h / 2;
  const x = laneX(row.lane);
  const color = laneColor(row.lane);
  return (
    <svg className="lanes" width={width} height={h} aria-hidden>
      {passing.map((lane) => (
        <line key={`p${lane}`} x1={laneX(lane)} y1={0} x2={laneX(lane)} y2={h} stroke={laneColor(lane)} strokeWidth={1.5} />
      ))}
      {row.up && <line x1={x} y1={0} x2={x} y2={mid} stroke={color} strokeWidth={1.5} />}
      {row.down && <line x1={x} y1={mid} x2={x} y2={h} stroke={color} strokeWidth={1.5} />}
      {row.forks.map((lane) => {
        const fx = laneX(lane);
        return <path key={`f${lane}`} d={`M ${x} ${mid} C ${x} ${h - 2}, ${fx} ${mid + 2}, ${fx} ${h}`} fill="none" stroke={laneColor(lane)} strokeWidth={1.5} />;
      })}
      <circle cx={x} cy={mid} r={dot === "plain" ? 3.5 : 4.5} className={`lanes__dot lanes__dot--${dot}`} style={{ ["--lane" as string]: color }} />
    </svg>
  );
});
