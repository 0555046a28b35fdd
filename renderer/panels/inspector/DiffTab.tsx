import { useEffect, useMemo } from "react";
import { formatPath, presentDiff } from "../../model/diff-presentation.ts";
import { isMessage } from "../../model/messages.ts";
import { shortId } from "../../model/format.ts";
import { selectCompareFrom } from "../../store/selectors.ts";
import type { AppState } from "../../store/types.ts";
import { useAppStore } from "../../store/useAppStore.ts";
import { Button } from "../../ui/Button.tsx";
import { DiffLines } from "../../ui/DiffLines.tsx";
import { EmptyState } from "../../ui/EmptyState.tsx";
import { ErrorBanner } from "../../ui/ErrorBanner.tsx";
import { Spinner } from "../../ui/Spinner.tsx";
import { ChatView } from "./ChatView.tsx";
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
  const presented = useMemo(() => (diff.key === key && diff.result ? presentDiff(diff.result) : null), [diff, key]);
  const fromEntry = from ? entries.get(from) : undefined;
  // Added LangChain messages are shown as a conversation instead of as lines.
  const added = useMemo(() => {
    const changes = diff.key === key && diff.result ? diff.result.changes.filter((change) => change.kind === "added" && isMessage(change.after)) : [];
    return { messages: changes.map((change) => change.after), paths: new Set(changes.map((change) => formatPath(change.path))) };
  }, [diff, key]);
  const lines = presented ? presented.lines.filter((line) => !(line.kind === "added" && added.paths.has(line.path))) : [];

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
      {presented && (
        <>
          <div className="diff-summary" data-testid="diff-summary">
            <span className="diff-count diff-count--added">+{presented.counts.added}</span>
            <span className="diff-count diff-count--removed">−{presented.counts.removed}</span>
            <span className="diff-count diff-count--changed">~{presented.counts.changed}</span>
          </div>
          {added.messages.length > 0 && <ChatView title="added messages" messages={added.messages} testId="diff-chat" />}
          {lines.length === 0 && added.messages.length > 0 ? null : lines.length === 0 ? (
            <EmptyState title="No change">The state is the same at both checkpoints.</EmptyState>
          ) : (
            <DiffLines lines={lines} />
          )}
        </>
      )}
    </div>
  );
}

export const diffTab: InspectorTab = { id: "diff", title: "Diff", Component: DiffTab };
