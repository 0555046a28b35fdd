/**
 * Wires the backend's event streams into the store: run progress, and live changes to the open database
 * (another process writing, or our own runs). Refreshes are coalesced: while one is in flight, further
 * notices only mark the next refresh as needed, so a busy writer cannot queue hundreds of reloads.
 * A notice about a thread our own run is writing changes nothing on screen: the run's events carry its
 * rows (run-slice.ts). Otherwise the timeline re-reads the rows around the selection, and its whole
 * layout only when the thread gained rows (timeline-slice.ts's refreshTimeline).
 */
import type { DebuggerClient } from "../../core/api/client.ts";
import type { HostTransport } from "../transport/host-transport.ts";
import { isActive } from "../model/run-progress.ts";
import { runOfThread } from "../model/run-registry.ts";
import type { AppStore } from "./create-app-store.ts";

export function connectEvents(store: AppStore, client: DebuggerClient, transport: HostTransport): () => void {
  let refreshing = false;
  let again = false;
  let touched = new Set<string>();
  let everything = false;

  const refresh = async () => {
    if (refreshing) {
      again = true;
      return;
    }
    refreshing = true;
    const threadIds = touched;
    const all = everything;
    touched = new Set();
    everything = false;
    const state = store.getState();
    const thread = state.selectedThread;
    const jobs: Promise<unknown>[] = [state.loadThreads()];
    const ours = thread !== null && isActive(runOfThread(state.runs, thread.threadId));
    if (thread && !ours && (all || threadIds.has(thread.threadId))) {
      state.invalidateCheckpoints();
      jobs.push(all ? state.loadTimeline(thread) : state.refreshTimeline(thread));
      const selected = state.selectedCheckpointId;
      if (selected) jobs.push(state.loadCheckpoint(selected, { fresh: true }));
    }
    await Promise.allSettled(jobs);
    refreshing = false;
    if (again) {
      again = false;
      void refresh();
    }
  };

  const offRun = client.on("onRunEvent", (event) => store.getState().handleRunEvent(event));
  const offChange = client.on("onDatabaseChanged", (change) => {
    if (change.database) {
      void store.getState().applyDatabase(change.database);
      return;
    }
    if (store.getState().databaseStatus !== "ready") return;
    for (const id of change.threadIds) touched.add(id);
    void refresh();
  });
  let wasDisconnected = false;
  const offStatus = transport.onStatus((status) => {
    store.getState().setHostStatus(status);
    if (status === "disconnected") wasDisconnected = true;
    // Events were missed while the socket was down: catch up on everything.
    if (status === "connected" && wasDisconnected) {
      wasDisconnected = false;
      everything = true;
      void store.getState().start().then(() => refresh());
    }
  });
  return () => {
    offRun();
    offChange();
    offStatus();
  };
}
