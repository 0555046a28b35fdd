import { PanelRight } from "lucide-react";
import { useEffect, useRef } from "react";
import { failureHeadline } from "../../model/task-status.ts";
import { selectDatabase, selectSelectedEntry, selectSelectedView } from "../../store/selectors.ts";
import type { AppState } from "../../store/types.ts";
import { useAppStore } from "../../store/useAppStore.ts";
import { Button } from "../../ui/Button.tsx";
import { EmptyState } from "../../ui/EmptyState.tsx";
import { ErrorBanner } from "../../ui/ErrorBanner.tsx";
import { ProgressBar } from "../../ui/ProgressBar.tsx";
import { TabStrip } from "../../ui/TabStrip.tsx";
import { CheckpointHeader } from "./CheckpointHeader.tsx";
import type { InspectorTabProps } from "./inspector-tab.ts";
import { INSPECTOR_TABS } from "./inspector-tabs.ts";
import { InterruptPlaces } from "./InterruptPlaces.tsx";
import { RunActions } from "./RunActions.tsx";
import "./inspector.css";

const selectTab = (s: AppState) => s.inspectorTab;
const selectSetTab = (s: AppState) => s.setInspectorTab;
const selectStatus = (s: AppState) => s.checkpointStatus;
const selectError = (s: AppState) => s.checkpointError;
const selectThread = (s: AppState) => s.selectedThread;
const selectFocus = (s: AppState) => s.inspectorFocusRequest;
const selectLoad = (s: AppState) => s.loadCheckpoint;

/** Right column: the selected checkpoint in full, as tabs (state, writes, diff, tasks, edit, resume). */
export function InspectorPanel() {
  const entry = useAppStore(selectSelectedEntry);
  const view = useAppStore(selectSelectedView);
  const database = useAppStore(selectDatabase);
  const thread = useAppStore(selectThread);
  const tab = useAppStore(selectTab);
  const setTab = useAppStore(selectSetTab);
  const status = useAppStore(selectStatus);
  const error = useAppStore(selectError);
  const focusRequest = useAppStore(selectFocus);
  const load = useAppStore(selectLoad);
  const body = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (focusRequest > 0) body.current?.focus();
  }, [focusRequest]);

  const props: InspectorTabProps | null = view && entry && thread && database ? { view, entry, thread, database } : null;
  const tabs = props ? INSPECTOR_TABS.filter((candidate) => candidate.available?.(props) ?? true) : [];
  const active = tabs.find((candidate) => candidate.id === tab) ?? tabs[0];
  const waiting = view?.tasks.some((task) => task.interrupts.length > 0) ?? false;

  if (!entry || !thread || !database) {
    return (
      <section className="inspector" aria-label="Inspector panel" data-testid="inspector">
        <header className="panel-head">
          <span className="panel-head__title">Inspector</span>
        </header>
        <EmptyState title="No checkpoint selected" icon={<PanelRight size={20} />}>
          Click a checkpoint in the timeline, or move with the arrow keys.
        </EmptyState>
      </section>
    );
  }
  return (
    <section className="inspector" aria-label="Inspector panel" data-testid="inspector">
      <header className="panel-head">
        <span className="panel-head__title">Checkpoint</span>
      </header>
      <CheckpointHeader entry={entry} />
      <RunActions database={database} />
      {waiting && tab !== "resume" && (
        <div className="panel-banner">
          <ErrorBanner tone="warn" testId="interrupt-notice" actions={<Button small onClick={() => setTab("resume")}>Continue</Button>}>
            Waiting for an answer in <InterruptPlaces tasks={view!.tasks} />
          </ErrorBanner>
        </div>
      )}
      {entry.errors.length > 0 && (
        <div className="panel-banner">
          <ErrorBanner testId="checkpoint-error-notice" actions={tab !== "tasks" ? <Button small onClick={() => setTab("tasks")}>Details</Button> : undefined}>
            <span className="mono">{failureHeadline(entry.errors, view?.tasks).names.join(", ")}</span> failed after this checkpoint
            {view && `: ${failureHeadline(entry.errors, view.tasks).message}`}
          </ErrorBanner>
        </div>
      )}
      {view?.warnings && view.warnings.length > 0 && (
        <div className="panel-banner">
          <ErrorBanner tone="warn" testId="checkpoint-warnings">
            {view.warnings.length === 1 ? (
              view.warnings[0]
            ) : (
              <ul className="banner__list">
                {view.warnings.map((warning) => (
                  <li key={warning}>{warning}</li>
                ))}
              </ul>
            )}
          </ErrorBanner>
        </div>
      )}
      {props && <TabStrip label="Checkpoint details" tabs={tabs.map((candidate) => ({ id: candidate.id, title: candidate.title, badge: candidate.badge?.(props) ?? null }))} selected={active?.id ?? ""} onSelect={setTab} />}
      <div className="inspector__body" ref={body} tabIndex={-1} role="tabpanel" aria-label={active?.title ?? "Checkpoint"}>
        {status === "loading" && !view && <ProgressBar label="Loading checkpoint" />}
        {error && !view && <ErrorBanner error={error} testId="checkpoint-error" actions={<Button small onClick={() => void load(entry.checkpointId, { fresh: true })}>Retry</Button>} />}
        {props && active && <active.Component {...props} />}
      </div>
    </section>
  );
}
