/** Plain-text tables and number formatting for the report. */
import type { FigureKind } from "./metrics.ts";
import type { Summary } from "./stats.ts";

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return "-";
  const abs = Math.abs(value);
  if (abs >= 100) return Math.round(value).toLocaleString("en-US");
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 0.01 || abs === 0) return value.toFixed(2);
  return value.toPrecision(2);
}

export function formatBytes(value: number): string {
  if (!Number.isFinite(value)) return "-";
  if (Math.abs(value) < 10 * 1024) return `${Math.round(value).toLocaleString("en-US")} B`;
  const oneDecimal = { minimumFractionDigits: 1, maximumFractionDigits: 1 };
  if (Math.abs(value) < 10 * 1024 * 1024) return `${(value / 1024).toLocaleString("en-US", oneDecimal)} KiB`;
  return `${(value / 1024 / 1024).toLocaleString("en-US", oneDecimal)} MiB`;
}

export function formatValue(kind: FigureKind, value: number): string {
  return kind === "bytes" ? formatBytes(value) : formatNumber(value);
}

/** "median [min..max]", or just the median when every repetition gave the same figure. */
export function formatSummary(kind: FigureKind, summary: Summary | undefined): string {
  if (!summary) return "";
  const median = formatValue(kind, summary.median);
  if (summary.min === summary.max) return median;
  return `${median} [${formatValue(kind, summary.min)}..${formatValue(kind, summary.max)}]`;
}

/** Columns padded to their widest cell; the first `leftColumns` left-aligned, the rest right-aligned. */
export function renderTable(header: string[], rows: string[][], leftColumns = 2): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i < leftColumns ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].map((text) => `  ${text}`).join("\n");
}
