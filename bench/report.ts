/** The printed report: one table per workload with both engines, their ratio, the floor and the targets. */
import type { Engine, EngineName } from "./engine.ts";
import { SYNC_MODES, type BlobName } from "./floor.ts";
import { RSS_FIGURES, W1_FIGURES, W2_FIGURES, W3_FIGURES, W4_FIGURES, ratio, ratioLabel, type Figure } from "./metrics.ts";
import type { Options } from "./options.ts";
import type { Results, Summaries, WorkloadKey } from "./results.ts";
import { formatBytes, formatNumber, formatSummary, renderTable } from "./table.ts";
import { floorRatio, type Target } from "./targets.ts";

const ENGINE_ORDER: EngineName[] = ["chronograph", "langgraph"];

function engineTable(s: Summaries, workload: WorkloadKey, figures: Figure[], stores: string[], engines: EngineName[]): string {
  const compare = engines.length === 2;
  const rows: string[][] = [];
  for (const store of stores) {
    for (const figure of figures) {
      const summaries = engines.map((engine) => s[workload]?.[engine]?.[store]?.[figure.key]);
      if (summaries.every((summary) => summary === undefined)) continue;
      const cells = summaries.map((summary) => formatSummary(figure.kind, summary));
      const value = compare ? ratio(figure.kind, summaries[0]?.median ?? Number.NaN, summaries[1]?.median ?? Number.NaN) : null;
      rows.push([store, figure.label, ...cells, ...(compare ? [ratioLabel(figure.kind, value)] : [])]);
    }
  }
  if (rows.length === 0) return "  (not run)";
  return renderTable(["store", "figure", ...engines, ...(compare ? ["chronograph vs langgraph"] : [])], rows);
}

function growthCurves(s: Summaries, engines: EngineName[]): string {
  const lines: string[] = [];
  for (const store of ["sqlite", "memory"]) {
    for (const engine of engines) {
      const figures = s.w2?.[engine]?.[store];
      if (!figures) continue;
      const windows = Object.keys(figures).filter((key) => key.startsWith("window_")).sort((a, b) => parseInt(a.slice(7)) - parseInt(b.slice(7)));
      lines.push(`  ${engine} ${store}: ${windows.map((key) => formatNumber(figures[key]!.median)).join(" ")}`);
    }
  }
  return lines.join("\n");
}

function floorLines(s: Summaries, engines: EngineName[]): string {
  const lines = engines.map((engine) => {
    const parts = (["w1", "delta"] as const).flatMap((blob) =>
      SYNC_MODES.filter((sync) => sync !== "OFF").map((sync) => `${formatNumber(floorRatio(s, engine, blob, sync) ?? Number.NaN)}x ${sync} (${blob} blob)`),
    );
    return `  ${engine}: ${parts.join(", ")}`;
  });
  return `W1 sqlite µs/superstep / W5 floor µs/row:\n${lines.join("\n")}`;
}

function floorTable(s: Summaries): string {
  const floor = s.w5?.floor?.sqlite;
  if (!floor) return "  (not run)";
  const cell = (key: string, bytes = false) => {
    const summary = floor[key];
    return summary ? formatSummary(bytes ? "bytes" : "time", summary) : "";
  };
  const blobs: BlobName[] = ["w1", "w2", "delta"];
  const writes = blobs.flatMap((blob) =>
    SYNC_MODES.map((sync) => {
      const key = `write_${blob}_${sync}`;
      return [blob, formatBytes(floor[`blob_${blob}_bytes`]?.median ?? Number.NaN), sync, cell(`${key}_rows_per_s`), cell(`${key}_us_per_row`), cell(`${key}_file_bytes`, true)];
    }),
  );
  const reads = blobs.map((blob) => [blob, formatBytes(floor[`blob_${blob}_bytes`]?.median ?? Number.NaN), cell(`read_${blob}_all_ms`), cell(`read_${blob}_all_us_per_row`), cell(`read_${blob}_mid_ms`)]);
  return [
    renderTable(["blob", "size", "synchronous", "rows/s", "µs/row", "file bytes"], writes, 3),
    "",
    renderTable(["blob", "size", "all rows ms", "µs/row", "middle row ms"], reads, 2),
  ].join("\n");
}

function settingsTable(results: Results, engines: EngineName[]): string {
  const rows = engines.map((engine) => {
    const settings = results.settings[engine];
    return settings ? [engine, settings.journalMode, settings.synchronous, String(settings.pageSize)] : [engine, "-", "-", "-"];
  });
  return renderTable(["engine", "journal_mode", "synchronous", "page_size"], rows, 3);
}

function targetLines(targets: Target[]): string {
  return targets
    .map((t) => {
      const verdict = t.pass === null ? "n/a " : t.pass ? "PASS" : "MISS";
      const value = t.value === null ? "not measured" : `${t.unit === "B" ? formatBytes(t.value) : `${formatNumber(t.value)}${t.unit}`}`;
      const threshold = t.unit === "B" ? formatBytes(t.threshold) : `${t.threshold}${t.unit}`;
      return `  ${verdict}  ${t.name}: ${value} (target ${t.op} ${threshold})`;
    })
    .join("\n");
}

export function renderReport(s: Summaries, results: Results, engines: Engine[], options: Options, targets: Target[], header: string): string {
  const names = ENGINE_ORDER.filter((name) => engines.some((engine) => engine.name === name));
  const z = options.sizes;
  const sections = [
    header,
    `SQLite settings (each engine's own connection)\n${settingsTable(results, names)}`,
    `W1 linear-small: ${z.w1Threads} threads x 10 nodes = ${z.w1Threads * 10} supersteps\n${engineTable(s, "w1", W1_FIGURES, ["sqlite", "memory", "none"], names)}\n${floorLines(s, names)}`,
    `W4 fan-out: ${z.w4Runs} runs x 3 supersteps (10 node executions)\n${engineTable(s, "w4", W4_FIGURES, ["sqlite", "memory", "none"], names)}`,
    `W2 growing-messages: ${z.w2Steps} supersteps, one 1 KiB message each\n${engineTable(s, "w2", W2_FIGURES, ["sqlite", "memory"], names)}\n` +
      `W2 growth curve, median µs/step per ${z.w2Window}-step window:\n${growthCurves(s, names)}`,
    `W3a history-read of the W2 thread (reopened store)\n${engineTable(s, "w3a", W3_FIGURES, ["sqlite"], names)}`,
    `W3b history-read of a ${z.w3bSteps}-superstep thread (built, then reopened)\n${engineTable(s, "w3b", W3_FIGURES, ["sqlite"], names)}`,
    `Peak RSS, one child process per engine and workload (VmHWM, reset after start-up; see rss-probe.ts)\n` +
      ["w1", "w4", "w2", "w3a", "w3b"].map((w) => `${w}:\n${engineTable(s, w as WorkloadKey, RSS_FIGURES, ["rss"], names)}`).join("\n"),
    `W5 sqlite-floor: better-sqlite3 alone, one transaction per row, WAL\n${floorTable(s)}`,
    `Targets (Chronograph)\n${targetLines(targets)}`,
  ];
  return sections.join("\n\n");
}
