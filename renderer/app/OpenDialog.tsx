import { Database } from "lucide-react";
import { useCallback, useState } from "react";
import type { AppState } from "../store/types.ts";
import { useAppStore } from "../store/useAppStore.ts";
import { Dialog } from "../ui/Dialog.tsx";
import { Button } from "../ui/Button.tsx";
import { ConnectPostgresForm } from "./ConnectPostgresDialog.tsx";
import { OpenPathForm } from "./OpenPathForm.tsx";

const selectOpenDialog = (s: AppState) => s.openDialog;
const selectClearError = (s: AppState) => s.clearOpenError;

/**
 * File > Open: a path, a drop target and the recent files; or the Connect to PostgreSQL form (its
 * button, or a recent connection that needs its password again).
 */
export function OpenDialog() {
  const openDialog = useAppStore(selectOpenDialog);
  const clearError = useAppStore(selectClearError);
  // null: the file form; "": an empty connection form; a URL: the form filled from that recent connection.
  const [connect, setConnect] = useState<string | null>(null);
  const close = useCallback(() => {
    clearError();
    openDialog(null);
  }, [clearError, openDialog]);
  return (
    <Dialog title={connect === null ? "Open a checkpoint database or bundle" : "Connect to PostgreSQL"} onClose={close} testId="open-dialog">
      {connect === null ? (
        <>
          <OpenPathForm onOpened={close} onPasswordRequired={setConnect} />
          <Button icon={<Database />} onClick={() => setConnect("")}>
            Connect to PostgreSQL…
          </Button>
        </>
      ) : (
        <ConnectPostgresForm key={connect} initialUrl={connect || undefined} onOpened={close} />
      )}
    </Dialog>
  );
}
