import { json } from "@codemirror/lang-json";
import { linter, lintGutter, type Diagnostic } from "@codemirror/lint";
import CodeMirror, { EditorView } from "@uiw/react-codemirror";
import { useMemo } from "react";
import { useResolvedTheme } from "../../app/useResolvedTheme.ts";
import { checkDraft } from "../../model/edit-draft.ts";
import { locateJsonError } from "../../model/json-locate.ts";

function diagnostic(text: string, offset: number, message: string): Diagnostic[] {
  const from = Math.min(offset, text.length);
  return [{ from, to: Math.min(from + 1, text.length), severity: "error", message }];
}

/** JSON problems as editor diagnostics: the exact spot is underlined and marked in the gutter. */
const LINTERS = {
  /** A state: a JSON object of fields. */
  object: linter(
    (view) => {
      const text = view.state.doc.toString();
      const check = checkDraft(text);
      return check.ok ? [] : diagnostic(text, check.offset ?? 0, check.message);
    },
    { delay: 120 },
  ),
  /** Any JSON value (a resume answer). */
  value: linter(
    (view) => {
      const text = view.state.doc.toString();
      const problem = text.trim() === "" ? null : locateJsonError(text);
      return problem ? diagnostic(text, problem.offset, `Invalid JSON: ${problem.message}.`) : [];
    },
    { delay: 120 },
  ),
};

const chrome = EditorView.theme({
  "&": { fontSize: "11.5px", height: "100%" },
  ".cm-scroller": { fontFamily: "var(--mono)", lineHeight: "18px" },
  ".cm-gutters": { borderRight: "1px solid var(--border)" },
});

export interface JsonEditorProps {
  value: string;
  onChange(value: string): void;
  label: string;
  minHeight?: string;
  testId?: string;
  /** What the text must be: a JSON object (default) or any JSON value. */
  accepts?: "object" | "value";
}

/** A CodeMirror JSON editor with inline validation. */
export function JsonEditor({ value, onChange, label, minHeight = "120px", testId, accepts = "object" }: JsonEditorProps) {
  const theme = useResolvedTheme();
  const extensions = useMemo(
    () => [json(), LINTERS[accepts], lintGutter(), chrome, EditorView.lineWrapping, EditorView.contentAttributes.of({ "aria-label": label })],
    [label, accepts],
  );
  return (
    <div className="editor" data-testid={testId}>
      <CodeMirror value={value} onChange={onChange} extensions={extensions} theme={theme} minHeight={minHeight} height="100%" basicSetup={{ foldGutter: true, highlightActiveLine: false }} />
    </div>
  );
}
