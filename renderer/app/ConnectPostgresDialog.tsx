import { Database } from "lucide-react";
import { useCallback, useState, type CSSProperties } from "react";
import { composeUrl, EMPTY_PG_FIELDS, fieldsFromUrl, type PgFields } from "../model/postgres-url.ts";
import type { AppState } from "../store/types.ts";
import { useAppStore } from "../store/useAppStore.ts";
import { Button } from "../ui/Button.tsx";
import { Dialog } from "../ui/Dialog.tsx";
import { ErrorBanner } from "../ui/ErrorBanner.tsx";
import { ProgressBar } from "../ui/ProgressBar.tsx";

const selectOpen = (s: AppState) => s.openDatabase;
const selectStatus = (s: AppState) => s.databaseStatus;
const selectError = (s: AppState) => s.openError;
const selectClearError = (s: AppState) => s.clearOpenError;

const GRID: CSSProperties = { display: "grid", gridTemplateColumns: "3fr 1fr", gap: "10px 12px" };

const LABELS: Array<{ key: keyof PgFields; label: string; placeholder: string; type?: string }> = [
  { key: "host", label: "Host", placeholder: "localhost" },
  { key: "port", label: "Port", placeholder: "5432" },
  { key: "database", label: "Database", placeholder: "postgres" },
  { key: "schema", label: "Schema (optional)", placeholder: "public" },
  { key: "user", label: "User", placeholder: "postgres" },
  { key: "password", label: "Password", placeholder: "never stored", type: "password" },
];

/**
 * Connect to PostgreSQL: host, port, database, schema, user and password composed into a postgres:// URL,
 * checked before it is sent. `initialUrl` (a recent connection, masked) fills everything but the password,
 * which is asked for again: Chronograph does not store it. Progress and errors show the URL masked.
 */
export function ConnectPostgresForm({ initialUrl, onOpened }: { initialUrl?: string; onOpened?(): void }) {
  const [fields, setFields] = useState<PgFields>(() => (initialUrl ? fieldsFromUrl(initialUrl) : { ...EMPTY_PG_FIELDS }));
  const [problem, setProblem] = useState<string | null>(null);
  const [connecting, setConnecting] = useState<string | null>(null);
  const open = useAppStore(selectOpen);
  const status = useAppStore(selectStatus);
  const error = useAppStore(selectError);
  const busy = status === "opening";

  const submit = async () => {
    if (busy) return;
    const composed = composeUrl(fields);
    if ("problem" in composed) {
      setProblem(composed.problem);
      return;
    }
    setProblem(null);
    setConnecting(composed.shown);
    const ok = await open(composed.url);
    setConnecting(null);
    // The password is not kept in the form once it has been sent.
    setFields((current) => ({ ...current, password: "" }));
    if (ok) onOpened?.();
  };

  return (
    <form
      data-testid="connect-postgres"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      {initialUrl && <ErrorBanner tone="info">Enter the password for this connection: Chronograph does not store it.</ErrorBanner>}
      <div style={GRID}>
        {LABELS.map(({ key, label, placeholder, type }) => (
          <label className="field" key={key}>
            <span className="field__label">{label}</span>
            <input
              className="input input--mono"
              aria-label={label}
              type={type ?? "text"}
              autoComplete={type === "password" ? "off" : undefined}
              autoFocus={Boolean(initialUrl) && key === "password"}
              value={fields[key]}
              placeholder={placeholder}
              spellCheck={false}
              disabled={busy}
              onChange={(event) => setFields({ ...fields, [key]: event.target.value })}
            />
          </label>
        ))}
      </div>
      <div style={{ display: "flex", justifyContent: "flex-end", marginTop: 12 }}>
        <Button type="submit" variant="primary" icon={<Database />} disabled={busy}>
          Connect
        </Button>
      </div>
      {busy && connecting && (
        <div className="open-form__progress" data-testid="connecting">
          <ProgressBar label="Connecting" />
          <span className="muted">
            Connecting to <span className="mono">{connecting}</span>…
          </span>
        </div>
      )}
      {problem && <ErrorBanner tone="warn" testId="connect-problem">{problem}</ErrorBanner>}
      {error && error.code !== "PASSWORD_REQUIRED" && !busy && !problem && <ErrorBanner error={error} testId="connect-error" />}
    </form>
  );
}

/** The form in its own dialog (File > Connect to PostgreSQL…, or a recent connection reopened). */
export function ConnectPostgresDialog({ initialUrl, onClose }: { initialUrl?: string; onClose(): void }) {
  const clearError = useAppStore(selectClearError);
  const close = useCallback(() => {
    clearError();
    onClose();
  }, [clearError, onClose]);
  return (
    <Dialog title="Connect to PostgreSQL" onClose={close} testId="connect-dialog">
      <ConnectPostgresForm initialUrl={initialUrl} onOpened={close} />
    </Dialog>
  );
}
