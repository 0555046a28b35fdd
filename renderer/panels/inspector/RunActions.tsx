import { GitBranchPlus, Play, Square } from "lucide-react";
import { useState } from "react";
import type { DatabaseInfo } from "../../../core/api/types.ts";
import { selectRunActive, selectRunStarting, selectSelectedEntry } from "../../store/selectors.ts";
import type { AppState } from "../../store/types.ts";
import { useAppStore } from "../../store/useAppStore.ts";
import { Button } from "../../ui/Button.tsx";
import { ErrorBanner } from "../../ui/ErrorBanner.tsx";
import { RunPreview } from "./RunPreview.tsx";
import { NewInputForm } from "./NewInputForm.tsx";
import { PythonSnippet } from "./PythonSnippet.tsx";
import { StoppedBanner } from "./StoppedBanner.tsx";

const selectStart = (s: AppState) => s.startRun;
const selectStop = (s: AppState) => s.stopRun;
const selectRunError = (s: AppState) => s.runError;
const selectOpenDialog = (s: AppState) => s.openDialog;
const selectSetTab = (s: AppState) => s.setInspectorTab;

export const REPLAY_HINT = "Runs again from this checkpoint as it is.";
export const FORK_HINT = "Edit the state first, then run the new branch.";
export const FINAL_REASON = "Nothing runs after this checkpoint: the run ended here.";

/**
 * Replay (re-run from the checkpoint as it is) and Fork (open the state in the Edit tab, then run the
 * edited branch from there), each with a one-line hint; disabled with the reason when no graph code is
 * loaded, and Replay also at a final checkpoint, where nothing would run.
 */
export function RunActions({ database }: { database: DatabaseInfo }) {
  const start = useAppStore(selectStart);
  const stop = useAppStore(selectStop);
  const starting = useAppStore(selectRunStarting);
  const active = useAppStore(selectRunActive);
  const runError = useAppStore(selectRunError);
  const openDialog = useAppStore(selectOpenDialog);
  const setTab = useAppStore(selectSetTab);
  const entry = useAppStore(selectSelectedEntry);
  const reason = database.canRun ? null : (database.runUnavailableReason ?? "No graph code is loaded for this database.");
  const final = entry !== null && entry.next.length === 0;
  const replayBlocked = reason ?? (final ? FINAL_REASON : null);
  // "Start from it with new input" is open for this checkpoint only.
  const [inputFor, setInputFor] = useState<string | null>(null);
  const inputOpen = entry !== null && inputFor === entry.checkpointId && reason === null;
  return (
    <div className="run-actions">
      {entry && !active && <StoppedBanner entry={entry} blocked={reason ?? (starting ? "A run is starting." : null)} />}
      <div className="run-actions__buttons">
        <div className="run-actions__action">
          <Button small icon={<Play />} disabled={!!replayBlocked || active || starting} title={replayBlocked ?? REPLAY_HINT} onClick={() => void start("replay")}>
            Replay from here
          </Button>
          <span className="run-actions__hint" data-testid="replay-hint">
            {reason === null && final ? FINAL_REASON : REPLAY_HINT}
          </span>
        </div>
        <div className="run-actions__action">
          <Button small icon={<GitBranchPlus />} disabled={!!reason || active || starting || !database.canEdit} title={reason ?? FORK_HINT} onClick={() => setTab("edit")}>
            Fork from here
          </Button>
          <span className="run-actions__hint" data-testid="fork-hint">
            {FORK_HINT}
          </span>
          {entry && reason === null && !inputOpen && (
            <button type="button" className="link new-input__open" data-testid="new-input-open" disabled={active || starting} onClick={() => setInputFor(entry.checkpointId)}>
              Or start from here with new input…
            </button>
          )}
        </div>
        {active && (
          <Button small variant="danger" icon={<Square />} onClick={() => void stop()}>
            Stop
          </Button>
        )}
      </div>
      {inputOpen && <NewInputForm disabled={active || starting} onClose={() => setInputFor(null)} />}
      {entry && entry.next.length > 0 && !active && (
        <div className="run-actions__previews">
          <RunPreview checkpointId={entry.checkpointId} mode="replay" refresh={starting} />
          <RunPreview checkpointId={entry.checkpointId} mode="fork" refresh={starting} />
        </div>
      )}
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
      {database.resumesElsewhere === "python" && entry && entry.next.length > 0 && entry.interrupted.length === 0 && <PythonSnippet request={{ checkpointId: entry.checkpointId }} title="Go on from here with Python LangGraph" />}
      {runError && <ErrorBanner error={runError} testId="run-error" />}
    </div>
  );
}
