import { useEffect } from "react";
import { useResolvedTheme } from "./useResolvedTheme.ts";

/** Puts the resolved theme on <html data-theme>, where the CSS variables switch. */
export function useThemeAttribute(): void {
  const theme = useResolvedTheme();
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
}
