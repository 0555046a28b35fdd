import { useEffect } from "react";
import { threadKeyString } from "../../../core/api/thread-key.ts";
import { parseSelectionHash, selectionHash, type UrlSelection } from "../../model/selection-url.ts";
import type { AppState } from "../../store/types.ts";
import { useStoreApi } from "../../store/useStoreApi.ts";

/**
 * Keeps the selected thread and checkpoint in the URL's hash (replaceState: no history entry per click),
 * and on load opens what the hash names once the thread list and then the timeline have arrived. A hash
 * naming a thread or checkpoint that this database lacks is dropped, leaving the usual empty selection.
 */
export function useSelectionUrl(): void {
  const store = useStoreApi();
  useEffect(() => {
    let pending: UrlSelection | null = parseSelectionHash(window.location.hash);
    /** The hash's thread was looked for beyond the pages loaded (once). */
    let revealing = false;
    const write = (state: AppState) => {
      const hash = selectionHash(state.selectedThread ? { thread: state.selectedThread, checkpointId: state.selectedCheckpointId } : null);
      if (hash === window.location.hash || (hash === "" && window.location.hash === "")) return;
      const { pathname, search } = window.location;
      window.history.replaceState(window.history.state, "", `${pathname}${search}${hash}`);
    };
    const settle = (state: AppState) => {
      if (!pending) return write(state);
      const key = threadKeyString(pending.thread);
      if (state.selectedThreadKey === null) {
        if (state.threadRows.has(key)) state.selectThread(key);
        else if (state.threadsStatus === "failed") pending = null;
        else if (state.threadsStatus === "ready" && !revealing) {
          // Beyond the first page: ask the backend for that thread's row.
          revealing = true;
          const wanted = pending.thread;
          void state.revealThread(wanted).then((found) => {
            const now = store.getState();
            if (pending && found && now.selectedThreadKey === null) now.selectThread(threadKeyString(wanted));
            else if (!found) pending = null;
          });
        }
        return;
      }
      if (state.selectedThreadKey !== key) {
        pending = null; // The user went elsewhere first.
        return write(state);
      }
      // The timeline has loaded once the thread's newest checkpoint is selected.
      if (state.selectedCheckpointId === null) return;
      const wanted = pending.checkpointId;
      pending = null;
      if (wanted && wanted !== state.selectedCheckpointId && state.timelineLayout?.indexById.has(wanted)) state.selectCheckpoint(wanted);
      else write(state);
    };
    settle(store.getState());
    return store.subscribe((state, before) => {
      if (state.selectedThreadKey !== before.selectedThreadKey || state.selectedCheckpointId !== before.selectedCheckpointId || state.threadRows !== before.threadRows || state.threadsStatus !== before.threadsStatus) settle(state);
    });
  }, [store]);
}
