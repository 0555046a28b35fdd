import { ChevronDown, ChevronRight } from "lucide-react";
import { memo, useCallback, useMemo, useState, type Ref } from "react";
import type { CheckpointEntry, CompareRow } from "../../../core/api/types.ts";
import { diffTree } from "../../model/diff-tree.ts";
import { shortId } from "../../model/format.ts";
import { DiffTree } from "../inspector/DiffTree.tsx";

export interface CompareRowViewProps {
  row: CompareRow;
  first: boolean;
  expanded: boolean;
  onToggle(index: number): void;
  onOpen(checkpointId: string): void;
  rowRef?: Ref<HTMLLIElement>;
}

/** One side of an aligned step: step, source and writers, or a dash where that branch has no such step. */
function Side({ entry, side, onOpen }: { entry: CheckpointEntry | null; side: "left" | "right"; onOpen(checkpointId: string): void }) {
  if (!entry) {
    return (
      <span className={`cmp-side cmp-side--${side} cmp-side--missing`} data-side={side}>
        — not on this branch
      </span>
    );
  }
  return (
    <span className={`cmp-side cmp-side--${side}`} data-side={side} data-step={entry.step} data-checkpoint-id={entry.checkpointId}>
      <span className="trow__step">{entry.step}</span>
      <span className={`trow__source trow__source--${entry.source}`}>{entry.source}</span>
      <span className="cmp-side__writers">{entry.writers.length > 0 ? entry.writers.join(", ") : <span className="muted">{entry.source}</span>}</span>
      <button
        type="button"
        className="link mono cmp-side__id"
        title={`Select ${entry.checkpointId} in the timeline`}
        onClick={(event) => {
          event.stopPropagation();
          onOpen(entry.checkpointId);
        }}
      >
        {shortId(entry.checkpointId)}
      </button>
    </span>
  );
}

function summary(row: CompareRow): string {
  const only = row.left ?? row.right;
  if (!row.left || !row.right) {
    const kind = only!.source === "update" ? "edit" : only!.source === "fork" ? "fork" : "step";
    return `${kind} only on the ${row.left ? "left" : "right"}`;
  }
  if (!row.sameWriters) return row.changes.length > 0 ? `other nodes · ${row.changes.length} ${row.changes.length === 1 ? "change" : "changes"}` : "other nodes";
  return row.changes.length === 0 ? "same state" : `${row.changes.length} ${row.changes.length === 1 ? "change" : "changes"}`;
}

/** An aligned step of the branch compare; its state diff (left → right) opens below it. */
export const CompareRowView = memo(function CompareRowView({ row, first, expanded, onToggle, onOpen, rowRef }: CompareRowViewProps) {
  // The same tree as the Diff tab: whole values, word-level marks in changed strings, collapsible groups.
  const tree = useMemo(() => (expanded && row.left && row.right ? diffTree(row.changes) : null), [expanded, row]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const toggleGroup = useCallback((group: string) => setCollapsed((now) => {
    const next = new Set(now);
    if (!next.delete(group)) next.add(group);
    return next;
  }), []);
  const classes = ["cmp-row", row.divergent ? "cmp-row--divergent" : "", first ? "cmp-row--first" : "", expanded ? "cmp-row--open" : ""].filter(Boolean).join(" ");
  const canOpen = row.left !== null && row.right !== null && row.changes.length > 0;
  return (
    <li
      ref={rowRef}
      className={classes}
      data-testid="compare-row"
      data-index={row.index}
      data-divergent={row.divergent}
      data-first-divergent={first || undefined}
      data-aligned-by={row.alignedBy}
    >
      <div className="cmp-row__line" onClick={() => canOpen && onToggle(row.index)}>
        <button type="button" className="cmp-row__toggle" aria-expanded={canOpen ? expanded : undefined} disabled={!canOpen} aria-label={`Step diff of row ${row.index + 1}`} onClick={(event) => {
          event.stopPropagation();
          onToggle(row.index);
        }}>
          {canOpen ? expanded ? <ChevronDown aria-hidden /> : <ChevronRight aria-hidden /> : null}
        </button>
        <Side entry={row.left} side="left" onOpen={onOpen} />
        <Side entry={row.right} side="right" onOpen={onOpen} />
        <span className="cmp-row__summary" data-testid="compare-row-summary">
          {first && <span className="cmp-row__first">first divergence</span>}
          {summary(row)}
        </span>
      </div>
      {tree && (
        <div className="cmp-row__diff" data-testid="compare-row-diff">
          <DiffTree nodes={tree} collapsed={collapsed} onToggle={toggleGroup} />
        </div>
      )}
    </li>
  );
});
