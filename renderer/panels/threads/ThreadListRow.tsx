import { ChevronDown, ChevronRight } from "lucide-react";
import { memo } from "react";
import { formatCount, formatRelative, formatTime, plural } from "../../model/format.ts";
import { writerLabels } from "../../model/internal-names.ts";
import type { AppState } from "../../store/types.ts";
import { useAppStore } from "../../store/useAppStore.ts";
import { StatusBadge } from "../../ui/StatusBadge.tsx";
import { useRawNames } from "../../ui/useRawNames.ts";
import { rowStepsRun } from "./row-steps.ts";

export interface ThreadListRowProps {
  threadKey: string;
  top: number;
  height: number;
  onOpen(key: string): void;
}

/** One thread in the list; it selects its own row from the store by key. */
export const ThreadListRow = memo(function ThreadListRow({ threadKey, top, height, onOpen }: ThreadListRowProps) {
  const row = useAppStore((s: AppState) => s.threadRows.get(threadKey));
  const firstNodeStep = useAppStore((s: AppState) => s.database?.firstNodeStep ?? 0);
  const selected = useAppStore((s: AppState) => s.selectedThreadKey === threadKey);
  const expanded = useAppStore((s: AppState) => s.expandedThreads.has(threadKey));
  const toggle = useAppStore((s: AppState) => s.toggleThreadExpanded);
  const [raw] = useRawNames();
  if (!row) return null;
  const steps = plural(rowStepsRun(row, firstNodeStep), "step");
  const subgraphs = row.namespaces?.length ?? 0;
  return (
    <div
      className="thread-row"
      role="option"
      aria-selected={selected}
      data-testid="thread-row"
      data-thread-id={row.threadId}
      data-status={row.status}
      style={{ top, height }}
      onClick={() => onOpen(threadKey)}
    >
      <div className="thread-row__line">
        {subgraphs > 0 && (
          <button
            type="button"
            className="thread-row__expand"
            data-testid="thread-expand"
            aria-expanded={expanded}
            aria-label={`${expanded ? "Hide" : "Show"} ${plural(subgraphs, "subgraph")} of ${row.threadId}`}
            onClick={(event) => {
              event.stopPropagation();
              toggle(threadKey);
            }}
          >
            {expanded ? <ChevronDown size={12} aria-hidden /> : <ChevronRight size={12} aria-hidden />}
          </button>
        )}
        <span className="thread-row__id" title={row.namespace ? `${row.threadId} (namespace ${row.namespace})` : row.threadId}>
          {row.threadId}
          {row.namespace && <span className="muted"> · {row.namespace}</span>}
        </span>
        <StatusBadge status={row.status} />
      </div>
      <div className="thread-row__line">
        <span className="thread-row__meta">
          {/* LangGraph files name no graphs: leave the name out rather than call every thread "unknown". */}
          {row.graphName !== null && (
            <>
              <span className="thread-row__graph">{row.graphName}</span>
              {" · "}
            </>
          )}
          <span data-field="steps" title={plural(row.checkpointCount, "checkpoint")}>
            {steps}
          </span>
          {" · "}
          <span data-field="branches">
            {`${formatCount(row.branchCount)} ${row.branchCount === 1 ? "branch" : "branches"}`}
          </span>
          {subgraphs > 0 && (
            <>
              {" · "}
              <span data-field="subgraphs">{plural(subgraphs, "subgraph")}</span>
            </>
          )}
          {row.writers.length > 0 && ` · ${writerLabels(row.writers, raw).join(",")}`}
        </span>
        <span className="thread-row__time" title={formatTime(row.updatedAt)}>
          {formatRelative(row.updatedAt)}
        </span>
      </div>
    </div>
  );
});
