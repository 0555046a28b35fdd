import { GitBranchPlus, Play, Square } from "lucide-react";
import type { DatabaseInfo } from "../../../core/api/types.ts";
import { selectRunActive, selectRunStarting } from "../../store/selectors.ts";
import type { AppState } from "../../store/types.ts";
import { useAppStore } from "../../store/useAppStore.ts";
import { Button } from "../../ui/Button.tsx";
import { ErrorBanner } from "../../ui/ErrorBanner.tsx";

const selectStart = (s: AppState) => s.startRun;
const selectStop = (s: AppState) => s.stopRun;
const selectRunError = (s: AppState) => s.runError;
const selectOpenDialog = (s: AppState) => s.openDialog;

/** "Replay from here" and "Fork from here"; disabled with the reason when no graph code is loaded. */
export function RunActions({ database }: { database: DatabaseInfo }) {
  const start = useAppStore(selectStart);
  const stop = useAppStore(selectStop);
  const starting = useAppStore(selectRunStarting);
  const active = useAppStore(selectRunActive);
  const runError = useAppStore(selectRunError);
  const openDialog = useAppStore(selectOpenDialog);
  const reason = database.canRun ? null : (database.runUnavailableReason ?? "No graph code is loaded for this database.");
  return (
    <div className="run-actions">
      <div className="run-actions__buttons">
        <Button small icon={<Play />} disabled={!!reason || active || starting} title={reason ?? "Run the graph again from this checkpoint, as a new branch"} onClick={() => void start("replay")}>
          Replay from here
        </Button>
        <Button small icon={<GitBranchPlus />} disabled={!!reason || active || starting} title={reason ?? "Fork the thread at this checkpoint and run the fork"} onClick={() => void start("fork")}>
          Fork from here
        </Button>
        {active && (
          <Button small variant="danger" icon={<Square />} onClick={() => void stop()}>
            Stop
          </Button>
        )}
      </div>
      {reason && (
        <div className="run-actions__reason" data-testid="run-unavailable">
          {reason}{" "}
          {/* Some files' graph code cannot be loaded at all (Python); LangGraph.js code only draws the graph. */}
          {database.canLoadGraphCode && (
            <button type="button" className="link" onClick={() => openDialog("graph-module")}>
              Load graph code…
            </button>
          )}
        </div>
      )}
      {runError && <ErrorBanner error={runError} testId="run-error" />}
    </div>
  );
}
