import { Square, X } from "lucide-react";
import { plural } from "../../model/format.ts";
import type { AppState } from "../../store/types.ts";
import { selectRun } from "../../store/selectors.ts";
import { useAppStore } from "../../store/useAppStore.ts";
import { Button } from "../../ui/Button.tsx";
import { ErrorBanner } from "../../ui/ErrorBanner.tsx";
import { Spinner } from "../../ui/Spinner.tsx";

const selectStop = (s: AppState) => s.stopRun;
const selectDismiss = (s: AppState) => s.dismissRun;

/** A run's progress above the timeline while it streams in, and how it ended. */
export function RunBar() {
  const run = useAppStore(selectRun);
  const stop = useAppStore(selectStop);
  const dismiss = useAppStore(selectDismiss);
  if (!run) return null;
  const running = [...run.nodes].filter(([, state]) => state === "running").map(([node]) => node);
  const written = `${plural(run.checkpoints.length, "checkpoint")} written`;
  if (run.status === "failed") {
    return (
      <div className="runbar runbar--failed" data-testid="run-bar" data-run-status="failed" data-run-id={run.runId} data-thread-id={run.threadId}>
        <ErrorBanner error={run.error} actions={<Button small variant="ghost" aria-label="Dismiss" icon={<X />} onClick={dismiss} />}>
          {!run.error && "The run failed."} {run.nodeErrors.size > 0 && `Failed node: ${[...run.nodeErrors.keys()].join(", ")}.`} {written}.
        </ErrorBanner>
      </div>
    );
  }
  return (
    <div className={`runbar runbar--${run.status}`} data-testid="run-bar" data-run-status={run.status} data-run-id={run.runId} data-thread-id={run.threadId}>
      {run.status === "running" ? <Spinner label="Run in progress" /> : <span className={`runbar__dot runbar__dot--${run.status}`} />}
      <span className="runbar__text">
        {run.status === "running" && (
          <>
            Running{running.length > 0 && <> · <span className="mono">{running.join(", ")}</span></>} · {written}
          </>
        )}
        {run.status === "finished" && (
          <>
            Run finished ({run.outcome}) · {written}
          </>
        )}
        {run.status === "stopped" && <>Run stopped · {written}</>}
      </span>
      {run.status === "running" ? (
        <Button small variant="danger" icon={<Square />} onClick={() => void stop()}>
          Stop
        </Button>
      ) : (
        <Button small variant="ghost" aria-label="Dismiss" icon={<X />} onClick={dismiss} />
      )}
    </div>
  );
}
