import type { ErrorInfo } from "../../core/api/errors.ts";
import { ErrorBanner } from "../ui/ErrorBanner.tsx";
import { OpenPathForm } from "./OpenPathForm.tsx";

/** What the window shows with no database open: how to open one. */
export function StartScreen({ startError, missingToken }: { startError: ErrorInfo | null; missingToken: boolean }) {
  return (
    <main className="start" data-testid="start-screen">
      <div className="start__card">
        <h1 className="start__title">Open a checkpoint database</h1>
        <p className="muted start__text">
          A SQLite file written by Chronograph, LangGraph.js or Python LangGraph. Type or paste its path, drop the path here, or pick a recent file.
        </p>
        {missingToken && <ErrorBanner tone="warn">This page was opened without its access token. Use the URL the chronograph command printed (it ends in ?token=…).</ErrorBanner>}
        {startError && <ErrorBanner error={startError} testId="start-error" />}
        <OpenPathForm />
      </div>
    </main>
  );
}
