import { ArrowLeftRight, GitCompareArrows, X } from "lucide-react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { threadKeyString } from "../../../core/api/thread-key.ts";
import { compareCandidates } from "../../model/compare-pick.ts";
import { formatCount, shortId } from "../../model/format.ts";
import type { AppState } from "../../store/types.ts";
import { useAppStore } from "../../store/useAppStore.ts";
import { Button } from "../../ui/Button.tsx";
import { ErrorBanner } from "../../ui/ErrorBanner.tsx";
import { ProgressBar } from "../../ui/ProgressBar.tsx";
import { CompareRowView } from "./CompareRowView.tsx";
import "./compare.css";

const selectComparison = (s: AppState) => s.comparison;
const selectThread = (s: AppState) => s.selectedThread;
const selectEntries = (s: AppState) => s.timelineEntries;
const selectLayout = (s: AppState) => s.timelineLayout;
const selectOpen = (s: AppState) => s.openCompare;
const selectMore = (s: AppState) => s.loadMoreCompare;
const selectClose = (s: AppState) => s.closeCompare;
const selectSelect = (s: AppState) => s.selectCheckpoint;

/**
 * Branch compare, side by side: two checkpoints' histories aligned step by step from their common
 * ancestor, the first divergent step highlighted and scrolled to, each step's state diff a click away.
 * Rows come a page at a time (compareBranches' offset/limit). Escape closes it.
 */
export function CompareView() {
  const comparison = useAppStore(selectComparison);
  const thread = useAppStore(selectThread);
  const entries = useAppStore(selectEntries);
  const layout = useAppStore(selectLayout);
  const open = useAppStore(selectOpen);
  const more = useAppStore(selectMore);
  const close = useAppStore(selectClose);
  const select = useAppStore(selectSelect);
  const [opened, setOpened] = useState<{ key: string; rows: ReadonlySet<number> }>({ key: "", rows: new Set() });
  const firstRow = useRef<HTMLLIElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const stale = comparison !== null && (thread === null || comparison.threadKey !== threadKeyString(thread));
  const left = comparison?.left;
  const right = comparison?.right;
  const firstDivergent = comparison?.firstDivergent ?? null;

  useEffect(() => {
    if (stale) close();
  }, [stale, close]);

  // A new pair starts with its first divergent step in view, and the first state diff from there open;
  // the rows opened by hand belong to the pair they were opened on.
  const firstDiff = comparison?.rows.find((row) => firstDivergent !== null && row.index >= firstDivergent && row.left && row.right && row.changes.length > 0)?.index ?? null;
  const pairKey = `${left}\u0000${right}\u0000${firstDiff}`;
  const expanded = useMemo(() => (opened.key === pairKey ? opened.rows : new Set(firstDiff === null ? [] : [firstDiff])), [opened, pairKey, firstDiff]);
  useEffect(() => {
    firstRow.current?.scrollIntoView({ block: "center" });
  }, [left, right, firstDivergent]);

  // Only while open: Escape closes the compare (and nothing under it), and focus starts on the left side.
  const isOpen = comparison !== null && !stale;
  useEffect(() => {
    if (!isOpen) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      event.stopPropagation();
      close();
    };
    // Focus goes back where it was (the "Compare…" button) when the compare closes.
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    window.addEventListener("keydown", onKey, true);
    box.current?.querySelector<HTMLElement>("select")?.focus();
    return () => {
      window.removeEventListener("keydown", onKey, true);
      before?.focus();
    };
  }, [isOpen, close]);

  const candidates = useMemo(() => (layout ? compareCandidates(entries, layout, [left ?? null, right ?? null]) : []), [entries, layout, left, right]);
  const toggle = useCallback(
    (index: number) => {
      const next = new Set(expanded);
      if (next.has(index)) next.delete(index);
      else next.add(index);
      setOpened({ key: pairKey, rows: next });
    },
    [expanded, pairKey],
  );
  const openInTimeline = useCallback((checkpointId: string) => {
    select(checkpointId);
    close();
  }, [select, close]);

  if (!comparison || stale) return null;
  const ancestor = comparison.ancestorId ? entries.get(comparison.ancestorId) : undefined;
  const first = comparison.firstDivergent === null ? undefined : comparison.rows[comparison.firstDivergent];
  const firstStep = first ? (first.left ?? first.right)!.step : null;
  return (
    <div className="cmp-backdrop" onMouseDown={(event) => event.target === event.currentTarget && close()}>
      <div className="cmp" role="dialog" aria-modal="true" aria-label="Compare branches" ref={box} data-testid="compare-view">
        <header className="cmp__head">
          <GitCompareArrows className="icon" aria-hidden />
          <span className="cmp__title">Compare branches</span>
          <select className="cmp__pick" aria-label="Left side" value={comparison.left} onChange={(event) => void open(event.target.value, comparison.right)} data-testid="compare-left">
            {candidates.map((candidate) => (
              <option key={candidate.checkpointId} value={candidate.checkpointId}>
                {candidate.label}
              </option>
            ))}
          </select>
          <Button small variant="ghost" icon={<ArrowLeftRight />} aria-label="Swap sides" title="Swap sides" onClick={() => void open(comparison.right, comparison.left)} />
          <select className="cmp__pick" aria-label="Right side" value={comparison.right} onChange={(event) => void open(comparison.left, event.target.value)} data-testid="compare-right">
            {candidates.map((candidate) => (
              <option key={candidate.checkpointId} value={candidate.checkpointId}>
                {candidate.label}
              </option>
            ))}
          </select>
          <span className="cmp__spacer" />
          <button type="button" className="btn btn--ghost btn--small" aria-label="Close" onClick={close}>
            <X />
          </button>
        </header>
        <div className="cmp__summary" data-testid="compare-summary">
          <span>
            {comparison.ancestorId ? (
              <>
                from their common ancestor{ancestor ? `, step ${ancestor.step}` : ""} <span className="mono">{shortId(comparison.ancestorId)}</span>
              </>
            ) : comparison.status === "ready" ? (
              "no common ancestor"
            ) : null}
          </span>
          {comparison.status !== "loading" || comparison.rows.length > 0 ? (
            <span data-testid="compare-total">
              {formatCount(comparison.totalRows)} aligned {comparison.totalRows === 1 ? "step" : "steps"}
            </span>
          ) : null}
          {firstStep !== null ? (
            <span className="cmp__first" data-testid="compare-first">
              first divergence: row {comparison.firstDivergent! + 1}, step {firstStep}
            </span>
          ) : comparison.status === "ready" ? (
            <span className="muted">{comparison.rows.length < comparison.totalRows ? "no divergence in the rows loaded" : "the branches do not diverge"}</span>
          ) : null}
        </div>
        <div className="cmp__columns" aria-hidden>
          <span className="cmp-row__toggle" />
          <span className="cmp-side">left</span>
          <span className="cmp-side">right</span>
          <span className="cmp-row__summary">left → right</span>
        </div>
        {comparison.status === "loading" && <ProgressBar label="Comparing branches" />}
        {comparison.error && <ErrorBanner error={comparison.error} testId="compare-error" />}
        <ol className="cmp__rows" data-testid="compare-rows">
          {comparison.rows.map((row) => (
            <CompareRowView key={row.index} row={row} first={row.index === comparison.firstDivergent} expanded={expanded.has(row.index)} onToggle={toggle} onOpen={openInTimeline} rowRef={row.index === comparison.firstDivergent ? firstRow : undefined} />
          ))}
        </ol>
        <footer className="cmp__foot">
          <span className="muted" data-testid="compare-shown">
            showing {formatCount(comparison.rows.length)} of {formatCount(comparison.totalRows)}
          </span>
          {comparison.rows.length < comparison.totalRows && (
            <Button small disabled={comparison.status === "loading"} onClick={() => void more()}>
              Load more
            </Button>
          )}
        </footer>
      </div>
    </div>
  );
}
