/**
 * The "raw names" view setting (show LangGraph's internal names as stored), remembered in localStorage
 * like the theme and shared by every view that asks, so toggling it in one place updates all.
 */
import { useCallback, useSyncExternalStore } from "react";

const KEY = "chronograph.rawNames";
const listeners = new Set<() => void>();

function read(): boolean {
  try {
    return localStorage.getItem(KEY) === "1";
  } catch {
    return false;
  }
}

let current = typeof localStorage === "undefined" ? false : read();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function setRawNames(raw: boolean): void {
  current = raw;
  try {
    localStorage.setItem(KEY, raw ? "1" : "0");
  } catch {
    // Not remembered across reloads; the setting still applies now.
  }
  for (const listener of listeners) listener();
}

/** [raw, setRaw]: whether internal names are shown as stored. */
export function useRawNames(): [boolean, (raw: boolean) => void] {
  const raw = useSyncExternalStore(subscribe, () => current);
  return [raw, useCallback((next: boolean) => setRawNames(next), [])];
}
