import { createContext } from "react";
import type { JsonSearch } from "../model/json-search.ts";

/** The State tab's search, read by every node of its tree (null: no search, the tree as opened). */
export const JsonSearchContext = createContext<JsonSearch | null>(null);
