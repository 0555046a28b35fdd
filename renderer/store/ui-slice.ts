/** Window-level view state: theme, which dialog is open, the host connection, keyboard focus hand-offs. */
import type { ConnectionStatus } from "../transport/host-transport.ts";
import type { SliceCreator } from "./types.ts";

export type ThemeChoice = "system" | "light" | "dark";
export type Dialog = "open" | "graph-module" | null;

export interface UiSlice {
  theme: ThemeChoice;
  dialog: Dialog;
  hostStatus: ConnectionStatus;
  /** Bumped when Enter on the timeline asks the inspector to take focus. */
  inspectorFocusRequest: number;
  setTheme(theme: ThemeChoice): void;
  openDialog(dialog: Dialog): void;
  setHostStatus(status: ConnectionStatus): void;
  focusInspector(): void;
}

export const createUiSlice: SliceCreator<UiSlice> = () => (set, get) => ({
  theme: "system",
  dialog: null,
  hostStatus: "connecting",
  inspectorFocusRequest: 0,
  setTheme: (theme) => set({ theme }),
  openDialog: (dialog) => set({ dialog }),
  setHostStatus: (hostStatus) => set({ hostStatus }),
  focusInspector: () => set({ inspectorFocusRequest: get().inspectorFocusRequest + 1 }),
});
