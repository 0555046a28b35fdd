import { CornerDownRight } from "lucide-react";
import { memo } from "react";
import { formatRelative, formatTime, plural } from "../../model/format.ts";
import { namespaceLabel } from "../../model/thread-pages.ts";
import type { AppState } from "../../store/types.ts";
import { useAppStore } from "../../store/useAppStore.ts";
import { StatusBadge } from "../../ui/StatusBadge.tsx";

export interface NamespaceListRowProps {
  threadKey: string;
  top: number;
  height: number;
  onOpen(key: string): void;
}

/** One subgraph namespace under its expanded thread; opening it shows that subgraph's own history. */
export const NamespaceListRow = memo(function NamespaceListRow({ threadKey, top, height, onOpen }: NamespaceListRowProps) {
  const row = useAppStore((s: AppState) => s.threadRows.get(threadKey));
  const selected = useAppStore((s: AppState) => s.selectedThreadKey === threadKey);
  if (!row) return null;
  return (
    <div
      className="thread-row thread-row--namespace"
      role="option"
      aria-selected={selected}
      data-testid="namespace-row"
      data-thread-id={row.threadId}
      data-namespace={row.namespace}
      data-status={row.status}
      style={{ top, height }}
      onClick={() => onOpen(threadKey)}
    >
      <div className="thread-row__line">
        <CornerDownRight size={12} aria-hidden className="muted" />
        <span className="thread-row__id" title={`${row.threadId} (namespace ${row.namespace})`}>
          {namespaceLabel(row.namespace)}
        </span>
        <span className="thread-row__meta thread-row__meta--fixed">{plural(row.checkpointCount, "checkpoint")}</span>
        <span className="thread-row__time" title={formatTime(row.updatedAt)}>
          {formatRelative(row.updatedAt)}
        </span>
        <StatusBadge status={row.status} />
      </div>
    </div>
  );
});
