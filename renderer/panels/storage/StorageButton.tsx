import { HardDrive } from "lucide-react";
import type { AppState } from "../../store/types.ts";
import { useAppStore } from "../../store/useAppStore.ts";
import { Button } from "../../ui/Button.tsx";
import { StorageView } from "./StorageView.tsx";

const selectDatabase = (s: AppState) => s.database;
const selectOpen = (s: AppState) => s.storageOpen;
const selectOpenStorage = (s: AppState) => s.openStorage;

/** The title bar's "Storage" action (once a database is open) and the storage view it opens. */
export function StorageButton() {
  const database = useAppStore(selectDatabase);
  const open = useAppStore(selectOpen);
  const openStorage = useAppStore(selectOpenStorage);
  if (!database) return null;
  return (
    <>
      <Button small variant="ghost" icon={<HardDrive aria-hidden />} onClick={() => void openStorage()} title="Bytes per thread and channel; prune old checkpoints; VACUUM" data-testid="open-storage">
        Storage
      </Button>
      {open && <StorageView />}
    </>
  );
}
