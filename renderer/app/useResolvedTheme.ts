import { useSyncExternalStore } from "react";
import type { AppState } from "../store/types.ts";
import { useAppStore } from "../store/useAppStore.ts";

const QUERY = "(prefers-color-scheme: dark)";
const subscribe = (notify: () => void) => {
  const media = window.matchMedia(QUERY);
  media.addEventListener("change", notify);
  return () => media.removeEventListener("change", notify);
};
const systemIsDark = () => window.matchMedia(QUERY).matches;
const selectTheme = (s: AppState) => s.theme;

/** "light" or "dark": the user's choice, or the system's when the choice is "system". */
export function useResolvedTheme(): "light" | "dark" {
  const choice = useAppStore(selectTheme);
  const dark = useSyncExternalStore(subscribe, systemIsDark);
  if (choice === "system") return dark ? "dark" : "light";
  return choice;
}
