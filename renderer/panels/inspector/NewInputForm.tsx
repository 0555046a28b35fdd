import { Play, X } from "lucide-react";
import { useState } from "react";
import { checkDraft } from "../../model/edit-draft.ts";
import type { AppState } from "../../store/types.ts";
import { useAppStore } from "../../store/useAppStore.ts";
import { Button } from "../../ui/Button.tsx";
import { ErrorBanner } from "../../ui/ErrorBanner.tsx";
import { LazyJsonEditor as JsonEditor } from "./LazyJsonEditor.tsx";
import "./new-input.css";

const selectStart = (s: AppState) => s.startRun;

/**
 * "Start from it with new input": a fork that runs the graph again from this checkpoint with an input
 * typed as a JSON object of channel values (the graph's input, as invoke takes it). Starts empty ({}).
 */
export function NewInputForm({ disabled, onClose }: { disabled: boolean; onClose: () => void }) {
  const start = useAppStore(selectStart);
  const [text, setText] = useState("{}");
  const check = checkDraft(text);
  const empty = check.ok && Object.keys(check.values).length === 0;
  const blocked = !check.ok ? check.message.replace("The state must be", "The input must be") : empty ? "Type at least one field of the input." : null;
  const run = async () => {
    if (check.ok && (await start("fork", undefined, { input: check.values }))) onClose();
  };
  return (
    <section className="new-input" data-testid="new-input">
      <JsonEditor value={text} onChange={setText} label="New input (JSON object)" minHeight="64px" testId="new-input-editor" />
      {!check.ok && <ErrorBanner testId="new-input-invalid">{blocked}</ErrorBanner>}
      <span className="muted new-input__hint">{blocked ?? "Runs the graph from START on a new branch from this checkpoint, with this input."}</span>
      <div className="new-input__buttons">
        <Button small icon={<X />} onClick={onClose}>
          Cancel
        </Button>
        <Button small variant="primary" icon={<Play />} disabled={disabled || blocked !== null} title={blocked ?? undefined} onClick={() => void run()}>
          Run with this input
        </Button>
      </div>
    </section>
  );
}
