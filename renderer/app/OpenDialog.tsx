import { useCallback } from "react";
import type { AppState } from "../store/types.ts";
import { useAppStore } from "../store/useAppStore.ts";
import { Dialog } from "../ui/Dialog.tsx";
import { OpenPathForm } from "./OpenPathForm.tsx";

const selectOpenDialog = (s: AppState) => s.openDialog;
const selectClearError = (s: AppState) => s.clearOpenError;

/** File > Open: a path, a drop target and the recent files. */
export function OpenDialog() {
  const openDialog = useAppStore(selectOpenDialog);
  const clearError = useAppStore(selectClearError);
  const close = useCallback(() => {
    clearError();
    openDialog(null);
  }, [clearError, openDialog]);
  return (
    <Dialog title="Open a checkpoint database" onClose={close} testId="open-dialog">
      <OpenPathForm onOpened={close} />
    </Dialog>
  );
}
