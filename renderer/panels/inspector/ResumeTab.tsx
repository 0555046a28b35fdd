import { Play } from "lucide-react";
import { useState } from "react";
import { locateJsonError } from "../../model/json-locate.ts";
import { selectRunActive, selectRunStarting } from "../../store/selectors.ts";
import type { AppState } from "../../store/types.ts";
import { useAppStore } from "../../store/useAppStore.ts";
import { Button } from "../../ui/Button.tsx";
import { ErrorBanner } from "../../ui/ErrorBanner.tsx";
import { PythonSnippet } from "./PythonSnippet.tsx";
import { ResumeExampleHint } from "./ResumeExampleHint.tsx";
import { RunPreview } from "./RunPreview.tsx";
import { JsonTree } from "../../ui/JsonTree.tsx";
import type { InspectorTab, InspectorTabProps } from "./inspector-tab.ts";
import { LazyJsonEditor as JsonEditor } from "./LazyJsonEditor.tsx";

const selectStart = (s: AppState) => s.startRun;
const selectRunError = (s: AppState) => s.runError;
const selectHead = (s: AppState) => s.timelineHeadId;

/** A thread waiting on an interrupt: what it asks, and a form to answer it with a JSON value. */
function ResumeTab({ view, database }: InspectorTabProps) {
  // Starts empty: a pre-filled answer is one click from being sent unread.
  const [value, setValue] = useState("");
  const start = useAppStore(selectStart);
  const starting = useAppStore(selectRunStarting);
  const active = useAppStore(selectRunActive);
  const runError = useAppStore(selectRunError);
  const head = useAppStore(selectHead);
  const waiting = view.tasks.filter((task) => task.interrupts.length > 0);
  const located = value.trim() === "" ? null : locateJsonError(value);
  const empty = value.trim() === "";
  const problem = empty ? 'Type the answer as JSON (true, "text", {"approved": true}…).' : located ? `Invalid JSON: ${located.message}.` : null;
  const blocked = !database.canRun ? (database.runUnavailableReason ?? "Load the graph's code to resume.") : problem;
  // The invalid-JSON message shows once, in its banner; the foot then only says why Resume is off.
  const footNote = !database.canRun || empty ? blocked : problem ? "Fix the JSON to resume." : null;
  return (
    <div className="tab-body" data-testid="resume">
      {waiting.map((task) =>
        task.interrupts.map((interrupt) => (
          <section key={interrupt.id} className="section task task--interrupt">
            <h3 className="section__title">
              <span className="mono">{task.name}</span>
              <span className="muted"> is waiting for an answer</span>
            </h3>
            <JsonTree value={interrupt.value} openDepth={3} testId="resume-payload" />
            <ResumeExampleHint payload={interrupt.value} onUse={setValue} />
          </section>
        )),
      )}
      {head !== view.checkpointId && <ErrorBanner tone="warn">This is not the newest checkpoint of the thread; resuming answers the interrupt the thread is waiting on now.</ErrorBanner>}
      <div className="field">
        <span className="field__label">Resume with (JSON)</span>
        <JsonEditor value={value} onChange={setValue} label="Resume value (JSON)" minHeight="64px" testId="resume-editor" accepts="value" />
      </div>
      {problem && !empty && <ErrorBanner testId="resume-invalid">{problem}</ErrorBanner>}
      {runError && <ErrorBanner error={runError} testId="resume-error" />}
      {database.resumesElsewhere === "python" && problem === null && <PythonSnippet request={{ checkpointId: view.checkpointId, resumeValue: JSON.parse(value) as unknown }} title="Resume with Python LangGraph" />}
      <RunPreview checkpointId={view.checkpointId} mode="resume" refresh={starting} />
      <div className="edit__foot">
        <span className="muted edit__changes">{footNote ?? "Runs the graph from the interrupt with this value."}</span>
        <Button variant="primary" icon={<Play />} disabled={blocked !== null || starting || active} title={blocked ?? undefined} onClick={() => void start("resume", JSON.parse(value))}>
          Resume
        </Button>
      </div>
    </div>
  );
}

export const resumeTab: InspectorTab = {
  id: "resume",
  title: "Resume",
  Component: ResumeTab,
  available: ({ view }) => view.tasks.some((task) => task.interrupts.length > 0),
  badge: () => ({ text: "waiting", tone: "alert" }),
};
