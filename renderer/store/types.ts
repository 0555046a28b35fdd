/**
 * The window's store: one zustand vanilla store combined from slices. Each slice owns its fields and
 * actions; `AppState` is their union, so an action may read any slice through `get()`.
 */
import type { StateCreator } from "zustand/vanilla";
import type { DebuggerClient } from "../../core/api/client.ts";
import type { CompareSlice } from "./compare-slice.ts";
import type { DatabaseSlice } from "./database-slice.ts";
import type { EditSlice } from "./edit-slice.ts";
import type { ExportSlice } from "./export-slice.ts";
import type { GraphSlice } from "./graph-slice.ts";
import type { InspectorSlice } from "./inspector-slice.ts";
import type { RunSlice } from "./run-slice.ts";
import type { SelectionSlice } from "./selection-slice.ts";
import type { ThreadsSlice } from "./threads-slice.ts";
import type { TimelineSlice } from "./timeline-slice.ts";
import type { StorageSlice } from "./storage-slice.ts";
import type { UiSlice } from "./ui-slice.ts";

export type AppState = DatabaseSlice & ThreadsSlice & SelectionSlice & TimelineSlice & GraphSlice & InspectorSlice & RunSlice & EditSlice & UiSlice & CompareSlice & ExportSlice & StorageSlice;

/** A slice creator: gets the typed client once, returns the slice's initial fields and actions. */
export type SliceCreator<Slice> = (client: DebuggerClient) => StateCreator<AppState, [], [], Slice>;

/** Loading state of one thing the UI fetched. */
export type LoadStatus = "idle" | "loading" | "ready" | "failed";
