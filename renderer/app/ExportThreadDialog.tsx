import { Download } from "lucide-react";
import { useMemo, useState } from "react";
import { toErrorInfo, type ErrorInfo } from "../../core/api/errors.ts";
import type { ExportedBundle } from "../../core/api/types.ts";
import { shortId } from "../model/format.ts";
import { parseRedactionText, suggestRedactions } from "../model/redact-suggestions.ts";
import { selectSelectedView } from "../store/selectors.ts";
import type { AppState } from "../store/types.ts";
import { useAppStore } from "../store/useAppStore.ts";
import { Button } from "../ui/Button.tsx";
import { Dialog } from "../ui/Dialog.tsx";
import { ErrorBanner } from "../ui/ErrorBanner.tsx";
import { downloadText } from "./download.ts";

const selectThread = (s: AppState) => s.selectedThread;
const selectExport = (s: AppState) => s.exportThread;

/**
 * File > Export thread…: the selected thread (or the branch ending at the selected checkpoint) as a bundle
 * file, with the JSON paths listed here replaced by "[redacted]". Suggestions come from the selected state.
 */
export function ExportThreadDialog({ onClose }: { onClose(): void }) {
  const thread = useAppStore(selectThread);
  const view = useAppStore(selectSelectedView);
  const exportThread = useAppStore(selectExport);
  const suggested = useMemo(() => suggestRedactions(view?.values), [view]);
  const [text, setText] = useState(() => suggested.join("\n"));
  const [branchOnly, setBranchOnly] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [done, setDone] = useState<ExportedBundle | null>(null);

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const bundle = await exportThread({ redact: parseRedactionText(text), ...(branchOnly && view ? { checkpointId: view.checkpointId } : {}) });
      downloadText(bundle.fileName, bundle.text);
      setDone(bundle);
    } catch (caught) {
      setError(toErrorInfo(caught));
    } finally {
      setBusy(false);
    }
  };
  const footer = (
    <>
      <Button onClick={onClose}>{done ? "Close" : "Cancel"}</Button>
      <Button variant="primary" icon={<Download />} disabled={busy || !thread} onClick={() => void run()}>
        Export bundle
      </Button>
    </>
  );
  return (
    <Dialog title="Export thread" onClose={onClose} footer={footer} testId="export-dialog">
      <div style={{ display: "flex", flexDirection: "column", gap: 10, minWidth: 420 }}>
        <p className="muted" style={{ margin: 0 }}>
          Thread <span className="mono">{thread?.threadId ?? "(none)"}</span>: checkpoints, writes and the graph, as one JSON file another Chronograph can import (<span className="mono">chronograph import BUNDLE INTO_FILE</span>).
        </p>
        <label style={{ display: "flex", gap: 6, alignItems: "center" }}>
          <input type="checkbox" checked={branchOnly} disabled={!view} onChange={(event) => setBranchOnly(event.target.checked)} />
          Only the branch ending at the selected checkpoint{view ? <span className="mono muted"> {shortId(view.checkpointId)}</span> : null}
        </label>
        <label className="field">
          <span className="field__label">Redact these JSON paths (one a line; each match becomes "[redacted]")</span>
          <textarea
            className="input input--mono"
            aria-label="Redacted paths"
            rows={5}
            style={{ height: "auto", padding: 6, resize: "vertical" }}
            spellCheck={false}
            value={text}
            placeholder={"$.values.api_key\n$.values.messages[*].content"}
            onChange={(event) => setText(event.target.value)}
          />
        </label>
        {suggested.length === 0 && <span className="muted">Nothing in the selected state looks secret; add paths such as $.values.api_key.</span>}
        {error && <ErrorBanner error={error} testId="export-error" />}
        {done && (
          <ErrorBanner tone="info" testId="export-done">
            Saved {done.fileName}: {done.checkpoints} checkpoint{done.checkpoints === 1 ? "" : "s"}
            {done.redacted.length > 0 ? `, ${done.redacted.map((entry) => `${entry.path} ×${entry.matches}`).join(", ")} redacted` : ", nothing redacted"}.
          </ErrorBanner>
        )}
      </div>
    </Dialog>
  );
}
