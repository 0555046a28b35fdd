import { useState } from "react";
import { toErrorInfo, type ErrorInfo } from "../../../core/api/errors.ts";
import type { TaskExplanation } from "../../../core/api/types.ts";
import { writerLabel, writerLabels } from "../../model/internal-names.ts";
import { changedByText, channelText, lastRanText, scheduledByText } from "../../model/why-ran-text.ts";
import { useRawNames } from "../../ui/useRawNames.ts";
import type { AppState } from "../../store/types.ts";
import { useAppStore } from "../../store/useAppStore.ts";
import { ErrorBanner } from "../../ui/ErrorBanner.tsx";
import { Spinner } from "../../ui/Spinner.tsx";
import "./why-ran.css";

const selectExplain = (s: AppState) => s.explainTask;
const selectSelect = (s: AppState) => s.selectCheckpoint;

/**
 * "Why did this run?" under a task: the channels that changed since the node last ran, whose writes
 * changed them and at which step (a link to that checkpoint), and the edge that scheduled it. Asked of
 * the backend the first time it is opened.
 */
export function WhyRan({ checkpointId, node }: { checkpointId: string; node: string }) {
  const explain = useAppStore(selectExplain);
  const select = useAppStore(selectSelect);
  const [answer, setAnswer] = useState<{ explanation: TaskExplanation | null; error: ErrorInfo | null } | null>(null);
  const [asked, setAsked] = useState(false);
  const [raw] = useRawNames();
  const onToggle = (open: boolean) => {
    if (!open || asked) return;
    setAsked(true);
    explain(checkpointId, node).then(
      (explanation) => setAnswer({ explanation, error: null }),
      (error: unknown) => setAnswer({ explanation: null, error: toErrorInfo(error) }),
    );
  };
  const explanation = answer?.explanation ?? null;
  // Internal names ("__start__", "branch:to:x") read as the rest of the app shows them, unless raw names are on.
  const scheduled = explanation ? scheduledByText({ ...explanation, scheduledBy: explanation.scheduledBy.map((edge) => ({ ...edge, from: writerLabel(edge.from, raw) })) }) : null;
  return (
    <details className="why-ran" data-testid="why-ran" onToggle={(event) => onToggle(event.currentTarget.open)}>
      <summary className="why-ran__summary">Why did this run?</summary>
      {asked && !answer && <Spinner label="Reading channel versions" />}
      {answer?.error && <ErrorBanner error={answer.error} testId="why-ran-error" />}
      {explanation && (
        <div className="why-ran__body" data-testid="why-ran-body">
          {scheduled && (
            <div data-testid="why-ran-scheduled">
              <span className="muted">Scheduled by </span>
              {scheduled}.
            </div>
          )}
          {explanation.sends.map((send) => (
            <div key={send.taskId} data-testid="why-ran-send">
              <span className="muted">Sent by </span>
              <span className="mono">{writerLabels(send.sentBy, raw).join(", ")}</span> at step {send.sentAtStep}.
            </div>
          ))}
          <div className="muted">{lastRanText(explanation)}</div>
          {explanation.triggers.length === 0 ? (
            <div className="muted">No channel it reads changed.</div>
          ) : (
            <ul className="why-ran__triggers">
              {explanation.triggers.map((trigger) => (
                <li key={trigger.channel} data-testid="why-ran-trigger" data-channel={trigger.channel} data-step={trigger.changedAtStep ?? undefined} data-by={trigger.changedBy.join(",")}>
                  <span className="mono why-ran__channel" title={trigger.channel}>
                    {raw ? trigger.channel : channelText(trigger.channel)}
                  </span>
                  <span className="muted"> changed by </span>
                  <span className="mono">{changedByText({ ...trigger, changedBy: writerLabels(trigger.changedBy, raw) })}</span>
                  {trigger.changedAtCheckpointId !== null && (
                    <>
                      <span className="muted"> at </span>
                      <button type="button" className="link" title={`Select checkpoint ${trigger.changedAtCheckpointId}`} onClick={() => select(trigger.changedAtCheckpointId!)}>
                        step {trigger.changedAtStep}
                      </button>
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </details>
  );
}
