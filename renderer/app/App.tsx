import { useCallback, type DragEvent } from "react";
import { selectAskTrust } from "../store/database-slice.ts";
import type { AppState } from "../store/types.ts";
import { useAppStore } from "../store/useAppStore.ts";
import { ProgressBar } from "../ui/ProgressBar.tsx";
import { AppHeader } from "./AppHeader.tsx";
import { pathFromDrop } from "./drop-path.ts";
import { GraphModuleDialog } from "./GraphModuleDialog.tsx";
import { OpenDialog } from "./OpenDialog.tsx";
import { OpeningOverlay } from "./OpeningOverlay.tsx";
import { StartScreen } from "./StartScreen.tsx";
import { TrustDialog } from "./TrustDialog.tsx";
import { useGlobalKeys } from "./useGlobalKeys.ts";
import { useThemeAttribute } from "./useThemeAttribute.ts";
import { Workspace } from "./Workspace.tsx";

const selectStatus = (s: AppState) => s.databaseStatus;
const selectHasDatabase = (s: AppState) => s.database !== null;
const selectDialog = (s: AppState) => s.dialog;
const selectStartError = (s: AppState) => s.startError;
const selectOpen = (s: AppState) => s.openDatabase;
const selectOpenDialog = (s: AppState) => s.openDialog;

/** The window: header, then the workspace (or the start screen when nothing is open), and dialogs. */
export function App({ missingToken }: { missingToken: boolean }) {
  useThemeAttribute();
  useGlobalKeys();
  const status = useAppStore(selectStatus);
  const hasDatabase = useAppStore(selectHasDatabase);
  const dialog = useAppStore(selectDialog);
  const startError = useAppStore(selectStartError);
  const open = useAppStore(selectOpen);
  const openDialog = useAppStore(selectOpenDialog);
  const askTrust = useAppStore(selectAskTrust);

  // A path dropped anywhere on the window opens it; problems surface in the open dialog.
  const onDrop = useCallback(
    (event: DragEvent) => {
      if (event.defaultPrevented) return;
      event.preventDefault();
      const dropped = pathFromDrop(event.dataTransfer);
      if (dropped && "path" in dropped) void open(dropped.path).then((ok) => !ok && openDialog("open"));
      else if (dropped) openDialog("open");
    },
    [open, openDialog],
  );

  return (
    <div className="app" onDragOver={(event) => event.preventDefault()} onDrop={onDrop}>
      <AppHeader />
      {status === "starting" ? (
        <div className="app__starting">
          <ProgressBar label="Connecting to the host" />
        </div>
      ) : hasDatabase ? (
        <Workspace />
      ) : (
        <StartScreen startError={startError} missingToken={missingToken} />
      )}
      <OpeningOverlay />
      {dialog === "open" && <OpenDialog />}
      {dialog === "graph-module" && <GraphModuleDialog />}
      {askTrust && dialog === null && status === "ready" && <TrustDialog />}
    </div>
  );
}
