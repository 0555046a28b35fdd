/**
 * Chooses the transport at start-up: Electron's preload bridge when present, otherwise web mode with the
 * per-launch token the host printed in the page's URL (?token=…).
 */
import { createElectronTransport } from "./electron.ts";
import type { HostTransport } from "./host-transport.ts";
import { createWebTransport } from "./web.ts";

export interface PickedTransport {
  transport: HostTransport;
  mode: "electron" | "web";
  /** Set in web mode when the page has no token: every call will be refused, and the UI says why. */
  missingToken: boolean;
}

/** Where a reload of the same tab finds the token once it has left the address bar. */
export const TOKEN_STORAGE_KEY = "chronograph.token";

/** The parts of `window` the token needs (a plain object in tests). */
export interface TokenWindow {
  location: { href: string };
  history: { state: unknown; replaceState(state: unknown, unused: string, url: string): void };
  sessionStorage: Pick<Storage, "getItem" | "setItem">;
}

/**
 * The page's token: taken from the URL once, kept in sessionStorage (this tab only, so a reload works)
 * and removed from the address bar and the history entry with replaceState, so it is not left in
 * history, bookmarks or a screenshot of the address bar. Later loads read it from sessionStorage.
 * Returns "" when there is none.
 */
export function takePageToken(win: TokenWindow): string {
  const url = new URL(win.location.href);
  const fromUrl = url.searchParams.get("token");
  if (fromUrl) {
    try {
      win.sessionStorage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    } catch {
      // Storage disabled: the token still works from memory until the tab is reloaded.
    }
    url.searchParams.delete("token");
    win.history.replaceState(win.history.state, "", `${url.pathname}${url.search}${url.hash}`);
    return fromUrl;
  }
  try {
    return win.sessionStorage.getItem(TOKEN_STORAGE_KEY) ?? "";
  } catch {
    return "";
  }
}

export function pickTransport(win: Window): PickedTransport {
  if (win.chronograph) return { transport: createElectronTransport(win.chronograph), mode: "electron", missingToken: false };
  const token = takePageToken(win);
  return { transport: createWebTransport({ origin: win.location.origin, token }), mode: "web", missingToken: token === "" };
}
