import { CornerDownRight } from "lucide-react";
import { memo } from "react";
import { formatCount, formatRelative, formatTime, plural } from "../../model/format.ts";
import { namespaceLabel } from "../../model/thread-pages.ts";
import type { AppState } from "../../store/types.ts";
import { useAppStore } from "../../store/useAppStore.ts";
import { StatusBadge } from "../../ui/StatusBadge.tsx";
import type { ThreadListRowProps } from "./ThreadListRow.tsx";

/** One subgraph namespace under its expanded thread; opening it shows that subgraph's own history. */
export const NamespaceListRow = memo(function NamespaceListRow({ threadKey, top, height, onOpen }: ThreadListRowProps) {
  const row = useAppStore((s: AppState) => s.threadRows.get(threadKey));
  const selected = useAppStore((s: AppState) => s.selectedThreadKey === threadKey);
  if (!row) return null;
  // A nested subgraph is named by its own node and indented under its parent's row.
  const depth = row.namespace.split("|").length;
  return (
    <div
      className="thread-row thread-row--namespace"
      role="option"
      aria-selected={selected}
      data-testid="namespace-row"
      data-parent-thread-id={row.threadId}
      data-namespace={row.namespace}
      data-status={row.status}
      style={{ top, height, paddingLeft: 14 + 12 * depth }}
      onClick={() => onOpen(threadKey)}
    >
      <div className="thread-row__line">
        <CornerDownRight size={12} aria-hidden className="thread-row__nest" />
        <span className="thread-row__id" title={`${namespaceLabel(row.namespace)} (namespace ${row.namespace} of ${row.threadId})`}>
          {namespaceLabel(row.namespace.split("|").at(-1)!)}
        </span>
        <span className="thread-row__time" data-field="checkpoints" title={`${plural(row.checkpointCount, "checkpoint")}, updated ${formatTime(row.updatedAt)} (${formatRelative(row.updatedAt)})`}>
          {formatCount(row.checkpointCount)}
        </span>
        <span className="thread-row__status" title={row.status}>
          <StatusBadge status={row.status} />
        </span>
      </div>
    </div>
  );
});
