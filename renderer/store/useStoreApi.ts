import { useContext } from "react";
import type { AppStore } from "./create-app-store.ts";
import { StoreContext } from "./store-context.ts";

/** The store itself, for event handlers that read state once (getState) instead of subscribing. */
export function useStoreApi(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error("useStoreApi: no StoreProvider above this component.");
  return store;
}
