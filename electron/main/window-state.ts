/**
 * The window's size, position and maximized state, remembered between launches in a small JSON file.
 * Electron-free, so it is tested without Electron. A damaged file or a window that would open off every
 * screen falls back to the default.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1400, height: 900, maximized: false };

const isInt = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value);

/** The saved state, kept only if it is well formed and its top-left corner lies on one of `screens`. */
export function loadWindowState(file: string, screens: readonly Area[]): WindowState {
  let parsed: Partial<WindowState>;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<WindowState>;
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
  if (!isInt(parsed.width) || !isInt(parsed.height) || parsed.width < 400 || parsed.height < 300) return { ...DEFAULT_WINDOW_STATE };
  const state: WindowState = { width: parsed.width, height: parsed.height, maximized: parsed.maximized === true };
  if (isInt(parsed.x) && isInt(parsed.y)) {
    const { x, y } = parsed;
    const visible = screens.some((area) => x >= area.x && y >= area.y && x < area.x + area.width - 50 && y < area.y + area.height - 50);
    if (visible) Object.assign(state, { x, y });
  }
  return state;
}

/** Save the state; failing to (read-only profile) only loses the memory of the window. */
export function saveWindowState(file: string, state: WindowState): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(state));
  } catch {
    // Nothing to do: the next launch opens with the default size.
  }
}
