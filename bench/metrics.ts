/** How each figure reads: its label, and whether higher or lower is better (which decides the ratio). */

export type FigureKind = "rate" | "time" | "bytes" | "count" | "factor";

export interface Figure {
  key: string;
  label: string;
  kind: FigureKind;
}

const fig = (key: string, label: string, kind: FigureKind): Figure => ({ key, label, kind });

const SIZE: Figure[] = [fig("db_bytes", "DB bytes", "bytes"), fig("checkpoints", "checkpoints", "count"), fig("bytes_per_checkpoint", "bytes/checkpoint", "bytes")];

export const W1_FIGURES: Figure[] = [
  fig("supersteps_per_s", "supersteps/s", "rate"),
  fig("us_per_superstep", "µs/superstep", "time"),
  fig("total_ms", "total ms", "time"),
  ...SIZE,
];

export const W4_FIGURES: Figure[] = [
  fig("supersteps_per_s", "supersteps/s", "rate"),
  fig("runs_per_s", "runs/s", "rate"),
  fig("node_execs_per_s", "node executions/s", "rate"),
  fig("us_per_superstep", "µs/superstep", "time"),
  fig("total_ms", "total ms", "time"),
  ...SIZE,
];

export const W2_FIGURES: Figure[] = [
  fig("total_ms", "total ms", "time"),
  fig("us_per_superstep", "µs/superstep", "time"),
  fig("first_median_us", "first-50 median µs/step", "time"),
  fig("first_mean_us", "first-50 mean µs/step", "time"),
  fig("last_median_us", "last-50 median µs/step", "time"),
  fig("last_mean_us", "last-50 mean µs/step", "time"),
  fig("growth", "growth (last/first median)", "factor"),
  ...SIZE,
  fig("bytes_per_superstep", "bytes/superstep", "bytes"),
];

export const W3_FIGURES: Figure[] = [
  fig("build_supersteps_per_s", "build supersteps/s", "rate"),
  fig("build_ms", "build ms", "time"),
  fig("db_bytes", "DB bytes", "bytes"),
  fig("entries", "history entries", "count"),
  fig("mid_load_cold_ms", "mid_load_cold ms", "time"),
  fig("first_page_ms", "first_page ms", "time"),
  fig("full_history_ms", "full_history ms", "time"),
  fig("full_history_us_per_entry", "full_history µs/entry", "time"),
  fig("mid_load_warm_ms", "mid_load_warm ms", "time"),
];

export const RSS_FIGURES: Figure[] = [
  fig("peak_rss_bytes", "peak RSS", "bytes"),
  fig("baseline_rss_bytes", "RSS before the workload", "bytes"),
  fig("delta_rss_bytes", "peak - before", "bytes"),
];

/**
 * Chronograph against the peer, oriented so the reader never has to think: for rates and times the
 * speedup (> 1 means Chronograph is faster), for bytes the size ratio (< 1 means Chronograph is smaller).
 */
export function ratio(kind: FigureKind, ours: number, peer: number): number | null {
  if (!Number.isFinite(ours) || !Number.isFinite(peer) || ours === 0 || peer === 0) return null;
  if (kind === "rate") return ours / peer;
  if (kind === "time") return peer / ours;
  if (kind === "bytes") return ours / peer;
  return null;
}

export function ratioLabel(kind: FigureKind, value: number | null): string {
  if (value === null) return "";
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return kind === "bytes" ? `${value.toFixed(digits)}x size` : `${value.toFixed(digits)}x faster`;
}
