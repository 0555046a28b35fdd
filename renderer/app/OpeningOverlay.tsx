import type { AppState } from "../store/types.ts";
import { useAppStore } from "../store/useAppStore.ts";
import { ProgressBar } from "../ui/ProgressBar.tsx";

const selectStatus = (s: AppState) => s.databaseStatus;
const selectPath = (s: AppState) => s.openingPath;
const selectDialog = (s: AppState) => s.dialog;
const selectHasDatabase = (s: AppState) => s.database !== null;

/** Progress over the workspace while another database opens (the start screen and the open dialog show their own). */
export function OpeningOverlay() {
  const status = useAppStore(selectStatus);
  const path = useAppStore(selectPath);
  const dialog = useAppStore(selectDialog);
  const hasDatabase = useAppStore(selectHasDatabase);
  if (status !== "opening" || dialog === "open" || !hasDatabase) return null;
  return (
    <div className="opening" data-testid="opening-overlay">
      <div className="opening__box">
        <ProgressBar label="Opening database" />
        <span>
          Opening <span className="mono">{path}</span>…
        </span>
      </div>
    </div>
  );
}
