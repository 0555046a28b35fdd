import { Code } from "lucide-react";
import { useCallback, useState } from "react";
import type { AppState } from "../store/types.ts";
import { useAppStore } from "../store/useAppStore.ts";
import { Button } from "../ui/Button.tsx";
import { Dialog } from "../ui/Dialog.tsx";
import { ErrorBanner } from "../ui/ErrorBanner.tsx";
import { ProgressBar } from "../ui/ProgressBar.tsx";

const selectLoad = (s: AppState) => s.loadGraphModule;
const selectLoading = (s: AppState) => s.graphModuleLoading;
const selectError = (s: AppState) => s.graphModuleError;
const selectOpenDialog = (s: AppState) => s.openDialog;
const selectClearError = (s: AppState) => s.clearOpenError;

/** Load the graph's code (a module exporting a compiled graph) so replay, fork and resume can run. */
export function GraphModuleDialog() {
  const [path, setPath] = useState("");
  const [exportName, setExportName] = useState("");
  const load = useAppStore(selectLoad);
  const loading = useAppStore(selectLoading);
  const error = useAppStore(selectError);
  const openDialog = useAppStore(selectOpenDialog);
  const clearError = useAppStore(selectClearError);
  const close = useCallback(() => {
    clearError();
    openDialog(null);
  }, [clearError, openDialog]);
  const submit = async () => {
    if (path.trim() === "" || loading) return;
    if (await load(path.trim(), exportName.trim() || undefined)) close();
  };
  return (
    <Dialog
      title="Load graph code"
      onClose={close}
      testId="graph-module-dialog"
      footer={
        <>
          <Button onClick={close}>Cancel</Button>
          <Button variant="primary" icon={<Code />} disabled={loading || path.trim() === ""} onClick={() => void submit()}>
            Load
          </Button>
        </>
      }
    >
      <form
        className="field"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <label className="field">
          <span className="field__label">Module path (.ts or .js exporting a compiled graph)</span>
          <input className="input input--mono" aria-label="Graph module path" value={path} onChange={(event) => setPath(event.target.value)} placeholder="./graphs/research.ts" spellCheck={false} />
        </label>
        <label className="field">
          <span className="field__label">Export name (optional; default: the only compiled graph exported)</span>
          <input className="input input--mono" aria-label="Export name" value={exportName} onChange={(event) => setExportName(event.target.value)} placeholder="graph" spellCheck={false} />
        </label>
        <button type="submit" hidden />
      </form>
      {loading && <ProgressBar label="Loading graph module" />}
      {error && <ErrorBanner error={error} testId="graph-module-error" />}
    </Dialog>
  );
}
