/** Remembers the theme choice in localStorage (the window's only persisted view state). */
import type { AppStore } from "../store/create-app-store.ts";
import type { ThemeChoice } from "../store/ui-slice.ts";

const KEY = "chronograph.theme";

export function restoreTheme(store: AppStore): void {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(KEY);
  } catch {
    // Storage can be unavailable (privacy settings); the system theme applies.
  }
  if (saved === "light" || saved === "dark" || saved === "system") store.getState().setTheme(saved as ThemeChoice);
  store.subscribe((state, previous) => {
    if (state.theme === previous.theme) return;
    try {
      localStorage.setItem(KEY, state.theme);
    } catch {
      // Not remembered; nothing else depends on it.
    }
  });
}
