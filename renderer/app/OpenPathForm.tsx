import { FolderOpen } from "lucide-react";
import { useState, type DragEvent } from "react";
import type { AppState } from "../store/types.ts";
import { maskPassword } from "../model/postgres-url.ts";
import { useAppStore } from "../store/useAppStore.ts";
import { useStoreApi } from "../store/useStoreApi.ts";
import { Button } from "../ui/Button.tsx";
import { ErrorBanner } from "../ui/ErrorBanner.tsx";
import { ProgressBar } from "../ui/ProgressBar.tsx";
import { pathFromDrop } from "./drop-path.ts";
import { ConnectPostgresDialog } from "./ConnectPostgresDialog.tsx";
import { RecentFiles } from "./RecentFiles.tsx";

const selectOpen = (s: AppState) => s.openDatabase;
const selectStatus = (s: AppState) => s.databaseStatus;
const selectOpening = (s: AppState) => s.openingPath;
const selectError = (s: AppState) => s.openError;

/**
 * Opening a database by path: typed, pasted, dropped as text, or picked from the recent files. (Web mode
 * has no native file dialog.) A failure is shown here and leaves the open database as it was.
 */
export function OpenPathForm({ onOpened, onPasswordRequired }: { onOpened?(): void; onPasswordRequired?(url: string): void }) {
  const [path, setPath] = useState("");
  const [dropProblem, setDropProblem] = useState<string | null>(null);
  const [over, setOver] = useState(false);
  const open = useAppStore(selectOpen);
  const status = useAppStore(selectStatus);
  const openingPath = useAppStore(selectOpening);
  const error = useAppStore(selectError);
  const store = useStoreApi();
  // A recent connection whose password is asked for in a dialog of its own (when the caller has no form for it).
  const [askPassword, setAskPassword] = useState<string | null>(null);
  const busy = status === "opening";

  const submit = async (target: string) => {
    const trimmed = target.trim();
    if (!trimmed || busy) return;
    // A URL's password is not echoed back into the field.
    setPath(maskPassword(trimmed));
    setDropProblem(null);
    if (await open(trimmed)) onOpened?.();
    // A recent PostgreSQL connection is stored without its password: the caller asks for it.
    else if (store.getState().openError?.code === "PASSWORD_REQUIRED") (onPasswordRequired ?? setAskPassword)(trimmed);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const dropped = pathFromDrop(event.dataTransfer);
    if (dropped && "path" in dropped) void submit(dropped.path);
    else if (dropped) setDropProblem(dropped.problem);
  };

  return (
    <div
      className={`open-form${over ? " open-form--over" : ""}`}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      data-testid="open-form"
    >
      <form
        className="open-form__row"
        onSubmit={(event) => {
          event.preventDefault();
          void submit(path);
        }}
      >
        <input
          className="input input--mono open-form__input"
          aria-label="Database path"
          placeholder="/path/to/checkpoints.db or a .json bundle — type, paste or drop a path"
          value={path}
          onChange={(event) => setPath(event.target.value)}
          spellCheck={false}
          disabled={busy}
        />
        <Button type="submit" variant="primary" icon={<FolderOpen />} disabled={busy || path.trim() === ""}>
          Open
        </Button>
      </form>
      {busy && (
        <div className="open-form__progress" data-testid="opening">
          <ProgressBar label="Opening database" />
          <span className="muted">
            Opening <span className="mono">{openingPath}</span>…
          </span>
        </div>
      )}
      {error && error.code !== "PASSWORD_REQUIRED" && !busy && <ErrorBanner error={error} testId="open-error" />}
      {dropProblem && <ErrorBanner tone="warn">{dropProblem}</ErrorBanner>}
      <RecentFiles onPick={(picked) => void submit(picked)} />
      {askPassword !== null && <ConnectPostgresDialog initialUrl={askPassword} onClose={() => setAskPassword(null)} />}
    </div>
  );
}
