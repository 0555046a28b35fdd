import { useStore } from "zustand";
import type { AppState } from "./types.ts";
import { useStoreApi } from "./useStoreApi.ts";

/** Subscribe to one narrow slice of the store; keep selectors at module scope (see selectors.ts). */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useStoreApi(), selector);
}
