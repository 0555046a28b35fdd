import { Copy } from "lucide-react";
import type { CheckpointEntry } from "../../../core/api/types.ts";
import { formatDuration, formatTime } from "../../model/format.ts";
import { nextLabels, writerLabels } from "../../model/internal-names.ts";
import { useRawNames } from "../../ui/useRawNames.ts";

/** Which checkpoint the inspector shows: id (copyable), step, source, writers and what runs next. */
export function CheckpointHeader({ entry }: { entry: CheckpointEntry }) {
  const [raw] = useRawNames();
  return (
    <div className="cp-head" data-testid="checkpoint-header" data-checkpoint-id={entry.checkpointId}>
      <div className="cp-head__line">
        <span className="cp-head__step">step {entry.step}</span>
        <span className={`trow__source trow__source--${entry.source}`}>{entry.source}</span>
        <span className="cp-head__id mono" title={entry.checkpointId}>
          {entry.checkpointId}
        </span>
        <button type="button" className="btn btn--ghost btn--small" aria-label="Copy checkpoint id" title="Copy checkpoint id" onClick={() => void navigator.clipboard?.writeText(entry.checkpointId)}>
          <Copy />
        </button>
      </div>
      <div className="cp-head__line cp-head__facts">
        <span>
          <span className="muted">written by </span>
          <span className="mono">{entry.writers.length > 0 ? writerLabels(entry.writers, raw).join(", ") : entry.source === "input" ? "input" : "—"}</span>
        </span>
        <span>
          <span className="muted">next </span>
          <span className="mono">{entry.next.length > 0 ? nextLabels(entry.next, raw).join(", ") : "—"}</span>
        </span>
        <span className="muted">{formatTime(entry.createdAt)}</span>
        {entry.durationMs !== null && <span className="muted">{formatDuration(entry.durationMs)}</span>}
      </div>
    </div>
  );
}
