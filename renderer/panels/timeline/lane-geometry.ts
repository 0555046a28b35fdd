/** Sizes and colours of the timeline's branch gutter, shared by the rows and the header. */
export const ROW_HEIGHT = 26;
export const LANE_WIDTH = 12;
export const MAX_LANES = 10;

const PALETTE = ["var(--lane-0)", "var(--lane-1)", "var(--lane-2)", "var(--lane-3)", "var(--lane-4)", "var(--lane-5)"];

export const laneX = (lane: number) => 8 + Math.min(lane, MAX_LANES - 1) * LANE_WIDTH;
export const laneColor = (lane: number) => PALETTE[lane % PALETTE.length]!;
export const gutterWidth = (laneCount: number) => 8 + Math.min(Math.max(laneCount, 1), MAX_LANES) * LANE_WIDTH;
