import { ShieldAlert, ShieldCheck } from "lucide-react";
import { useCallback } from "react";
import type { AppState } from "../store/types.ts";
import { useAppStore } from "../store/useAppStore.ts";
import { Button } from "../ui/Button.tsx";
import { Dialog } from "../ui/Dialog.tsx";
import { ErrorBanner } from "../ui/ErrorBanner.tsx";
import "./trust-dialog.css";

const selectTrust = (s: AppState) => s.database?.trust;
const selectBusy = (s: AppState) => s.trustBusy;
const selectError = (s: AppState) => s.trustError;
const selectTrustFolder = (s: AppState) => s.trustFolder;
const selectDecline = (s: AppState) => s.declineTrust;

/**
 * Workspace trust: the open database's folder holds a config naming graph code, which has not run. Lists
 * the exact modules trusting would import, and lets the user trust the folder or stay read-only.
 */
export function TrustDialog() {
  const trust = useAppStore(selectTrust);
  const busy = useAppStore(selectBusy);
  const error = useAppStore(selectError);
  const trustFolder = useAppStore(selectTrustFolder);
  const decline = useAppStore(selectDecline);
  const stay = useCallback(() => decline(), [decline]);
  if (!trust || trust.state !== "untrusted") return null;
  return (
    <Dialog
      title="Load graph code from this folder?"
      onClose={stay}
      testId="trust-dialog"
      footer={
        <>
          <Button icon={<ShieldAlert />} onClick={stay}>
            Stay read-only
          </Button>
          <Button variant="primary" icon={<ShieldCheck />} disabled={busy} onClick={() => void trustFolder(trust.folder)}>
            Trust this folder and load
          </Button>
        </>
      }
    >
      <p className="trust__lead">
        {trust.configFile ? <code className="mono">{trust.configFile}</code> : "A config file"} names graph code for this database. Trusting the folder{" "}
        <strong>runs this code</strong> on your machine, with your permissions, now and whenever a database in this folder is opened:
      </p>
      <ul className="trust__modules" aria-label="Modules that would run">
        {trust.modules.map((module) => (
          <li key={module} className="mono" data-testid="trust-module">
            {module}
          </li>
        ))}
      </ul>
      <p className="trust__note">
        Folder: <code className="mono">{trust.folder}</code>. Only trust code you wrote or checked. Without it, everything read-only works; replay, fork and resume need
        the code. You can revoke trust later from the File menu.
      </p>
      {error && <ErrorBanner error={error} testId="trust-error" />}
    </Dialog>
  );
}
