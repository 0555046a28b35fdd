import { useCallback, useEffect, useMemo, useState } from "react";
import { diffTree, groupKeys } from "../../model/diff-tree.ts";
import { isMessage } from "../../model/messages.ts";
import { shortId } from "../../model/format.ts";
import { selectCompareFrom } from "../../store/selectors.ts";
import type { AppState } from "../../store/types.ts";
import { useAppStore } from "../../store/useAppStore.ts";
import { Button } from "../../ui/Button.tsx";
import { EmptyState } from "../../ui/EmptyState.tsx";
import { ErrorBanner } from "../../ui/ErrorBanner.tsx";
import { Spinner } from "../../ui/Spinner.tsx";
import { ChatView } from "./ChatView.tsx";
import { DiffTree } from "./DiffTree.tsx";
import type { InspectorTab, InspectorTabProps } from "./inspector-tab.ts";

const selectDiff = (s: AppState) => s.diffState;
const selectLoadDiff = (s: AppState) => s.loadDiff;
const selectPicked = (s: AppState) => s.compareFromId;
const selectSetCompare = (s: AppState) => s.setCompareFrom;
const selectEntries = (s: AppState) => s.timelineEntries;

/** What changed: against the parent by default, or against any checkpoint picked in the timeline. */
function DiffTab({ view }: InspectorTabProps) {
  const from = useAppStore(selectCompareFrom);
  const picked = useAppStore(selectPicked);
  const diff = useAppStore(selectDiff);
  const loadDiff = useAppStore(selectLoadDiff);
  const setCompare = useAppStore(selectSetCompare);
  const entries = useAppStore(selectEntries);
  useEffect(() => {
    if (from) void loadDiff(from, view.checkpointId);
  }, [from, view.checkpointId, loadDiff]);
  const key = from ? `${from}..${view.checkpointId}` : null;
  const changes = useMemo(() => (diff.key === key && diff.result ? diff.result.changes : null), [diff, key]);
  const fromEntry = from ? entries.get(from) : undefined;
  // Added LangChain messages are shown as a conversation; everything else as a collapsible tree.
  const { added, tree, counts } = useMemo(() => {
    const all = changes ?? [];
    const isAddedMessage = (change: (typeof all)[number]) => change.kind === "added" && isMessage(change.after);
    const counts = { added: 0, removed: 0, changed: 0 };
    for (const change of all) counts[change.kind] += 1;
    return { added: all.filter(isAddedMessage).map((change) => change.after), tree: diffTree(all.filter((change) => !isAddedMessage(change))), counts };
  }, [changes]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const toggle = useCallback((group: string) => setCollapsed((now) => {
    const next = new Set(now);
    if (!next.delete(group)) next.add(group);
    return next;
  }), []);
  const groups = useMemo(() => groupKeys(tree), [tree]);

  if (!from) {
    return (
      <EmptyState title="Nothing to compare with">
        This checkpoint has no parent. Shift-click another checkpoint in the timeline to compare with it.
      </EmptyState>
    );
  }
  return (
    <div className="tab-body" data-testid="diff">
      <div className="tab-toolbar">
        <span>
          <span className="muted">from </span>
          <span className="mono" title={from}>
            {picked ? "step " + (fromEntry?.step ?? "?") : "parent"} {shortId(from)}
          </span>
          <span className="muted"> to this checkpoint</span>
        </span>
        <span className="tab-toolbar__spacer" />
        {picked ? (
          <Button small onClick={() => setCompare(null)}>
            Compare with parent
          </Button>
        ) : (
          <span className="muted">shift-click a row to compare</span>
        )}
      </div>
      {diff.status === "loading" && diff.key === key && <Spinner label="Computing diff" />}
      {diff.error && diff.key === key && <ErrorBanner error={diff.error} testId="diff-error" />}
      {changes && (
        <>
          <div className="diff-summary" data-testid="diff-summary">
            <span className="diff-count diff-count--added">+{counts.added}</span>
            <span className="diff-count diff-count--removed">−{counts.removed}</span>
            <span className="diff-count diff-count--changed">~{counts.changed}</span>
            <span className="tab-toolbar__spacer" />
            {groups.length > 0 && (
              <span className="diff-tree-actions">
                <Button small onClick={() => setCollapsed(new Set())}>Expand all</Button>
                <Button small onClick={() => setCollapsed(new Set(groups))}>Collapse all</Button>
              </span>
            )}
          </div>
          {added.length > 0 && <ChatView title="added messages" messages={added} testId="diff-chat" />}
          {tree.length === 0 && added.length > 0 ? null : tree.length === 0 ? (
            <EmptyState title="No change">The state is the same at both checkpoints.</EmptyState>
          ) : (
            <DiffTree nodes={tree} collapsed={collapsed} onToggle={toggle} />
          )}
        </>
      )}
    </div>
  );
}

export const diffTab: InspectorTab = { id: "diff", title: "Diff", Component: DiffTab };
