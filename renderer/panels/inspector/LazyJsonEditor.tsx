import { lazy, Suspense } from "react";
import { Spinner } from "../../ui/Spinner.tsx";
import type { JsonEditorProps } from "./JsonEditor.tsx";

// CodeMirror is a large share of the bundle and only the Edit and Resume tabs need it: load it on first use.
const JsonEditor = lazy(() => import("./JsonEditor.tsx").then((module) => ({ default: module.JsonEditor })));

/** The JSON editor, loaded on demand. */
export function LazyJsonEditor(props: JsonEditorProps) {
  return (
    <Suspense fallback={<Spinner label="Loading editor" />}>
      <JsonEditor {...props} />
    </Suspense>
  );
}
