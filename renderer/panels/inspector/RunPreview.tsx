import { useEffect, useState } from "react";
import type { RunMode, RunPreview as Preview } from "../../../core/api/types.ts";
import type { AppState } from "../../store/types.ts";
import { useAppStore } from "../../store/useAppStore.ts";
import "./run-preview.css";

const selectPreview = (s: AppState) => s.previewRun;

const VERB: Record<RunMode, string> = { replay: "Replay", fork: "A fork", resume: "Resume" };

function names(tasks: ReadonlyArray<{ node: string }>): string {
  return tasks.map((task) => task.node).join(", ");
}

/**
 * "What will re-run?" before a replay, fork or resume: the nodes that run again from the checkpoint and
 * the finished work kept (their pending writes), from the backend's previewRun. Runs nothing.
 * `refresh` changes when the checkpoint's pending writes may have (a run ended).
 */
export function RunPreview({ checkpointId, mode, refresh }: { checkpointId: string; mode: RunMode; refresh?: unknown }) {
  const preview = useAppStore(selectPreview);
  const [answer, setAnswer] = useState<{ key: string; preview: Preview | null; error: string | null } | null>(null);
  const key = `${checkpointId}:${mode}`;
  useEffect(() => {
    let live = true;
    preview(checkpointId, mode).then(
      (result) => live && setAnswer({ key, preview: result, error: null }),
      (error: unknown) => live && setAnswer({ key, preview: null, error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [checkpointId, mode, key, preview, refresh]);
  if (!answer || answer.key !== key) return null;
  if (answer.error) {
    return (
      <div className="run-preview run-preview--error" data-testid={`run-preview-${mode}`}>
        Could not tell what would run: {answer.error}
      </div>
    );
  }
  const result = answer.preview!;
  if (result.willRun.length === 0 && result.kept.length === 0) return null;
  return (
    <div className="run-preview" data-testid={`run-preview-${mode}`}>
      <span className="run-preview__verb">{VERB[mode]}</span>
      {result.willRun.length > 0 ? (
        <>
          <span className="muted"> runs again: </span>
          <span className="mono" data-testid="will-run">
            {names(result.willRun)}
          </span>
        </>
      ) : (
        <span className="muted"> runs no node again</span>
      )}
      {result.kept.length > 0 && (
        <>
          <span className="muted">; keeps the finished work of </span>
          <span className="mono" data-testid="kept">
            {names(result.kept)}
          </span>
          <span className="muted"> (pending writes)</span>
        </>
      )}
      {mode === "fork" && <span className="muted">; a fork starts fresh, keeping no pending writes</span>}
      .
    </div>
  );
}
