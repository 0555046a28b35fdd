/**
 * `createAppStore(client)`: one vanilla store per window, combined from the slices. A test builds a
 * fresh one with any client (the in-memory transport over the real backend), with no React involved.
 */
import { createStore, type StoreApi } from "zustand/vanilla";
import type { DebuggerClient } from "../../core/api/client.ts";
import { createCompareSlice } from "./compare-slice.ts";
import { createDatabaseSlice } from "./database-slice.ts";
import { createEditSlice } from "./edit-slice.ts";
import { createExportSlice } from "./export-slice.ts";
import { createGraphSlice } from "./graph-slice.ts";
import { createInspectorSlice } from "./inspector-slice.ts";
import { createRunSlice } from "./run-slice.ts";
import { createSelectionSlice } from "./selection-slice.ts";
import { createThreadsSlice } from "./threads-slice.ts";
import { createTimelineSlice } from "./timeline-slice.ts";
import { createStorageSlice } from "./storage-slice.ts";
import type { AppState } from "./types.ts";
import { createUiSlice } from "./ui-slice.ts";

export type AppStore = StoreApi<AppState>;

export function createAppStore(client: DebuggerClient): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createDatabaseSlice(client)(...a),
    ...createThreadsSlice(client)(...a),
    ...createSelectionSlice(client)(...a),
    ...createTimelineSlice(client)(...a),
    ...createGraphSlice(client)(...a),
    ...createInspectorSlice(client)(...a),
    ...createRunSlice(client)(...a),
    ...createEditSlice(client)(...a),
    ...createUiSlice(client)(...a),
    ...createCompareSlice(client)(...a),
    ...createExportSlice(client)(...a),
    ...createStorageSlice(client)(...a),
  }));
}
