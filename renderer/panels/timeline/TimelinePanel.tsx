import { History } from "lucide-react";
import { formatCount, plural } from "../../model/format.ts";
import { CompareButton } from "../compare/CompareButton.tsx";
import type { AppState } from "../../store/types.ts";
import { selectSelectedThreadRow, selectTimelineLayout } from "../../store/selectors.ts";
import { useAppStore } from "../../store/useAppStore.ts";
import { Button } from "../../ui/Button.tsx";
import { EmptyState } from "../../ui/EmptyState.tsx";
import { ErrorBanner } from "../../ui/ErrorBanner.tsx";
import { ProgressBar } from "../../ui/ProgressBar.tsx";
import { gutterWidth } from "./lane-geometry.ts";
import { RunBar } from "./RunBar.tsx";
import { ThreadName } from "./ThreadName.tsx";
import { TimelineList } from "./TimelineList.tsx";
import "./timeline.css";

const selectStatus = (s: AppState) => s.timelineStatus;
const selectError = (s: AppState) => s.timelineError;
const selectThread = (s: AppState) => s.selectedThread;
const selectLoad = (s: AppState) => s.loadTimeline;

/** Middle bottom: every checkpoint of the thread as a tree of branches. */
export function TimelinePanel() {
  const layout = useAppStore(selectTimelineLayout);
  const status = useAppStore(selectStatus);
  const error = useAppStore(selectError);
  const thread = useAppStore(selectThread);
  const row = useAppStore(selectSelectedThreadRow);
  const load = useAppStore(selectLoad);
  const count = layout?.rows.length ?? 0;
  return (
    <section className="timeline" aria-label="Timeline panel" data-testid="timeline-panel">
      <header className="panel-head">
        <span className="panel-head__title">Timeline</span>
        {thread && <ThreadName threadId={thread.threadId} />}
        {row && <span className={`badge badge--${row.status}`}>{row.status}</span>}
        <span className="panel-head__aside timeline__count" data-testid="timeline-count">
          {layout && `${plural(count, "checkpoint")} · ${formatCount(layout.branchCount)} ${layout.branchCount === 1 ? "branch" : "branches"}`}
        </span>
        {layout && <CompareButton />}
      </header>
      <RunBar />
      {status === "loading" && <ProgressBar label="Loading timeline" />}
      {error && thread && (
        <div className="panel-banner">
          <ErrorBanner error={error} testId="timeline-error" actions={<Button small onClick={() => void load(thread)}>Retry</Button>} />
        </div>
      )}
      {!thread ? (
        <EmptyState title="No thread selected" icon={<History size={20} />}>
          Its checkpoints appear here, forks as branches.
        </EmptyState>
      ) : (
        <>
          <div className="timeline__columns" aria-hidden>
            <span className="timeline__col-gutter" style={{ width: gutterWidth(layout?.laneCount ?? 1) }} />
            <span className="trow__step">step</span>
            <span className="timeline__col-source">source</span>
            <span className="trow__writers">written by → next</span>
            <span className="trow__time">time</span>
            <span className="trow__duration">duration</span>
            <span className="timeline__col-cmp" />
          </div>
          <TimelineList />
        </>
      )}
    </section>
  );
}
