import { Check, Copy } from "lucide-react";
import { useEffect, useState } from "react";
import type { PythonSnippetRequest } from "../../store/edit-slice.ts";
import type { AppState } from "../../store/types.ts";
import { useAppStore } from "../../store/useAppStore.ts";
import { Button } from "../../ui/Button.tsx";
import "./python-snippet.css";

const selectSnippet = (s: AppState) => s.pythonSnippet;

/**
 * For a database whose graph is Python (DatabaseInfo.resumesElsewhere): the Python to run on the user's
 * side to go on from this checkpoint (thread id, checkpoint id, and the Command when answering an
 * interrupt), from the backend's pythonSnippet, with a Copy button.
 */
export function PythonSnippet({ request, title }: { request: PythonSnippetRequest; title: string }) {
  const snippetOf = useAppStore(selectSnippet);
  const [answer, setAnswer] = useState<{ key: string; text: string; failed: boolean } | null>(null);
  // Which request's text was copied: "Copied" shows for that snippet only, so a new request resets it.
  const [copiedKey, setCopiedKey] = useState<string | null>(null);
  const key = JSON.stringify(request);
  const copied = copiedKey === key;
  useEffect(() => {
    let live = true;
    snippetOf(JSON.parse(key) as PythonSnippetRequest).then(
      (text) => live && setAnswer({ key, text, failed: false }),
      (error: unknown) => live && setAnswer({ key, text: error instanceof Error ? error.message : String(error), failed: true }),
    );
    return () => {
      live = false;
    };
  }, [key, snippetOf]);
  if (!answer || answer.key !== key) return null;
  if (answer.failed) {
    return (
      <div className="python-snippet python-snippet--error" data-testid="python-snippet-error">
        Could not write the Python to run: {answer.text}
      </div>
    );
  }
  const copy = () => void navigator.clipboard?.writeText(answer.text).then(() => setCopiedKey(key), () => undefined);
  return (
    <section className="python-snippet" data-testid="python-snippet-panel">
      <div className="python-snippet__head">
        <span className="field__label">{title}</span>
        <Button small icon={copied ? <Check /> : <Copy />} onClick={copy} title="Copy the Python to the clipboard">
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <pre className="python-snippet__code" data-testid="python-snippet">
        {answer.text}
      </pre>
    </section>
  );
}
