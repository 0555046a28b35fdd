import { GitBranchPlus, RotateCcw, Save } from "lucide-react";
import { useEffect, useMemo } from "react";
import { RESERVED_PREFIX, START } from "../../../core/api/nodes.ts";
import { checkDraft, draftUpdate } from "../../model/edit-draft.ts";
import { editWrites } from "../../model/edit-writes.ts";
import { shortId } from "../../model/format.ts";
import { selectGraphView, selectRunActive, selectRunStarting } from "../../store/selectors.ts";
import type { AppState } from "../../store/types.ts";
import { useAppStore } from "../../store/useAppStore.ts";
import { Button } from "../../ui/Button.tsx";
import { DiffLines } from "../../ui/DiffLines.tsx";
import { ErrorBanner } from "../../ui/ErrorBanner.tsx";
import { Spinner } from "../../ui/Spinner.tsx";
import { GotoPicker } from "./GotoPicker.tsx";
import type { InspectorTab, InspectorTabProps } from "./inspector-tab.ts";
import { LazyJsonEditor as JsonEditor } from "./LazyJsonEditor.tsx";

const select = {
  editFor: (s: AppState) => s.editFor,
  text: (s: AppState) => s.editText,
  original: (s: AppState) => s.editOriginal,
  asNode: (s: AppState) => s.editAsNode,
  goto: (s: AppState) => s.editGoto,
  preview: (s: AppState) => s.editPreview,
  saving: (s: AppState) => s.editSaving,
  error: (s: AppState) => s.editError,
  savedId: (s: AppState) => s.editSavedId,
  begin: (s: AppState) => s.beginEdit,
  setText: (s: AppState) => s.setEditText,
  setAsNode: (s: AppState) => s.setEditAsNode,
  runPreview: (s: AppState) => s.previewEdit,
  save: (s: AppState) => s.saveEdit,
  reset: (s: AppState) => s.resetEdit,
  start: (s: AppState) => s.startRun,
};

/**
 * Edit the state at this checkpoint as a node would: the changed fields are written as `asNode`, which
 * makes a new checkpoint on a new branch. Nothing existing is changed.
 */
function EditTab({ view, entry, database }: InspectorTabProps) {
  const graph = useAppStore(selectGraphView);
  const editFor = useAppStore(select.editFor);
  const text = useAppStore(select.text);
  const original = useAppStore(select.original);
  const asNode = useAppStore(select.asNode);
  const goto = useAppStore(select.goto);
  const preview = useAppStore(select.preview);
  const saving = useAppStore(select.saving);
  const error = useAppStore(select.error);
  const savedId = useAppStore(select.savedId);
  const begin = useAppStore(select.begin);
  const setText = useAppStore(select.setText);
  const setAsNode = useAppStore(select.setAsNode);
  const runPreview = useAppStore(select.runPreview);
  const save = useAppStore(select.save);
  const reset = useAppStore(select.reset);
  const start = useAppStore(select.start);
  const runActive = useAppStore(selectRunActive);
  const runStarting = useAppStore(selectRunStarting);
  const running = runActive || runStarting;
  // Fork = this edit, then a run from the checkpoint it writes (saveEdit selects that checkpoint).
  const canFork = database.canRun;
  const saveAndRun = async () => {
    if (await save()) await start("replay");
  };

  const nodes = useMemo(() => (graph ? graph.nodes.filter((node) => node.kind === "node").map((node) => node.id) : []), [graph]);
  // Files without an input schema to write through (LangGraph's) are not offered START.
  const offerStart = database.canEditAsInput;
  // LangGraph's own writers (START, __input__) are not nodes an edit can be written as there.
  const writer = entry.writers.length === 1 && (offerStart || !entry.writers[0]!.startsWith(RESERVED_PREFIX)) ? entry.writers[0]! : null;
  const defaultAsNode = writer ?? nodes[0] ?? null;
  useEffect(() => begin(view, defaultAsNode), [view, defaultAsNode, begin]);

  const check = useMemo(() => checkDraft(text), [text]);
  const update = check.ok && original ? draftUpdate(original, check.values) : null;
  const changed = update ? Object.keys(update.values) : [];
  const writes = useMemo(() => (update && original ? editWrites(original, update.values) : null), [update, original]);
  useEffect(() => {
    const timer = setTimeout(() => void runPreview(), 250);
    return () => clearTimeout(timer);
  }, [text, asNode, goto, runPreview]);

  if (!database.canEdit) {
    return <ErrorBanner tone="info">{database.editUnavailableReason ?? "This database cannot be edited."}</ErrorBanner>;
  }
  if (editFor !== view.checkpointId) return <Spinner />;
  const blocked = !check.ok ? "Fix the JSON to save." : update && update.removed.length > 0 ? `An edit cannot remove fields (${update.removed.join(", ")}); set them to a value instead.` : changed.length === 0 && goto === null ? "Change a value (or choose what runs next) to write a new checkpoint." : !asNode ? "Pick the node the edit is written as." : null;

  return (
    <div className="tab-body edit" data-testid="edit">
      {savedId === view.checkpointId && (
        <ErrorBanner tone="ok" testId="edit-saved">
          Saved as checkpoint <span className="mono">{shortId(savedId)}</span>, a new branch of the timeline.
        </ErrorBanner>
      )}
      <div className="edit__bar">
        <label className="edit__asnode">
          <span className="field__label">Write as node</span>
          <select className="input input--mono" aria-label="Write as node" value={asNode ?? ""} onChange={(event) => setAsNode(event.target.value)}>
            {asNode === null && <option value="">choose…</option>}
            {nodes.map((node) => (
              <option key={node} value={node}>
                {node}
              </option>
            ))}
            {offerStart && <option value={START}>START (as input)</option>}
          </select>
        </label>
        {database.canChooseNext && <GotoPicker nodes={nodes} />}
      </div>
      <JsonEditor value={text} onChange={setText} label="State at this checkpoint (JSON)" minHeight="160px" testId="state-editor" />
      {!check.ok && (
        <ErrorBanner testId="edit-invalid">
          {check.message}
          {check.line !== undefined && ` (line ${check.line}, column ${check.column})`}
        </ErrorBanner>
      )}
      {preview.status === "failed" && preview.error && <ErrorBanner error={preview.error} testId="edit-preview-error" />}
      {error && <ErrorBanner error={error} testId="edit-error" />}
      <div className="edit__dock">
        {writes && writes.lines.length > 0 && (
          <div className="edit__writes">
            <span className="field__label">Writes as {asNode ?? "…"}, through each channel's reducer</span>
            <DiffLines lines={writes.lines} testId="edit-writes" />
          </div>
        )}
        <div className="edit__preview" data-testid="edit-preview" aria-live="polite">
          <span className="field__label">Runs next</span>
          {preview.status === "loading" && <Spinner label="Previewing" />}
          {preview.status === "ready" && preview.next && <span className="mono">{preview.next.length > 0 ? preview.next.join(", ") : "nothing (the run ends)"}</span>}
          {preview.status === "idle" && <span className="muted">{changed.length > 0 || goto !== null ? "…" : "change a value to preview"}</span>}
          {preview.status === "failed" && <span className="edit__preview-error">cannot write this</span>}
        </div>
        <div className="edit__foot">
          <span className="muted edit__changes" data-testid="edit-changes">
            {blocked ??
              (changed.length === 0 ? (
                <>writes no value; only chooses what runs next</>
              ) : (
                <>
                  writes <span className="mono">{changed.join(", ")}</span> through {changed.length === 1 ? "its reducer" : "their reducers"}
                </>
              ))}
          </span>
          <Button small icon={<RotateCcw />} onClick={reset} disabled={saving}>
            Reset
          </Button>
          <Button small={canFork} variant={canFork ? undefined : "primary"} icon={<Save />} onClick={() => void save()} disabled={saving || blocked !== null} title={blocked ?? "Write a new checkpoint"}>
            {saving ? "Saving…" : "Save as new checkpoint"}
          </Button>
          {canFork && (
            <Button variant="primary" icon={<GitBranchPlus />} onClick={() => void saveAndRun()} disabled={saving || blocked !== null || running} title={blocked ?? "Write the edit as a new checkpoint, then run the graph on from it"}>
              Save and run fork
            </Button>
          )}
        </div>
      </div>
    </div>
  );
}

export const editTab: InspectorTab = { id: "edit", title: "Edit", Component: EditTab };
