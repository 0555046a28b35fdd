/** The React context that hands the window's store to components (see StoreProvider). */
import { createContext } from "react";
import type { AppStore } from "./create-app-store.ts";

export const StoreContext = createContext<AppStore | null>(null);
