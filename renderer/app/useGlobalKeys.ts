import { useEffect } from "react";
import { useStoreApi } from "../store/useStoreApi.ts";

/** Window shortcuts: Ctrl/⌘+O opens a database. (Escape is handled by whatever is open.) */
export function useGlobalKeys(): void {
  const store = useStoreApi();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "o") {
        event.preventDefault();
        store.getState().openDialog("open");
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [store]);
}
