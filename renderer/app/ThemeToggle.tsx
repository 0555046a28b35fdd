import { Monitor, Moon, Sun } from "lucide-react";
import type { AppState } from "../store/types.ts";
import type { ThemeChoice } from "../store/ui-slice.ts";
import { useAppStore } from "../store/useAppStore.ts";

const NEXT: Record<ThemeChoice, ThemeChoice> = { system: "light", light: "dark", dark: "system" };
const ICON = { system: Monitor, light: Sun, dark: Moon };
const selectTheme = (s: AppState) => s.theme;
const selectSetTheme = (s: AppState) => s.setTheme;

/** Cycles the theme: system → light → dark. */
export function ThemeToggle() {
  const theme = useAppStore(selectTheme);
  const setTheme = useAppStore(selectSetTheme);
  const Icon = ICON[theme];
  return (
    <button type="button" className="btn btn--ghost" data-testid="theme-toggle" data-theme-choice={theme} title={`Theme: ${theme} (click for ${NEXT[theme]})`} aria-label={`Theme: ${theme}`} onClick={() => setTheme(NEXT[theme])}>
      <Icon />
    </button>
  );
}
