import type { ReactNode } from "react";
import type { AppStore } from "./create-app-store.ts";
import { StoreContext } from "./store-context.ts";

/** Makes `store` available to useAppStore below it. */
export function StoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}
