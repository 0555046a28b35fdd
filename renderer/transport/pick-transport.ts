/**
 * Chooses the transport at start-up: Electron's preload bridge when present, otherwise web mode with the
 * token from the page URL (?token=…).
 */
import { createElectronTransport } from "./electron.ts";
import type { HostTransport } from "./host-transport.ts";
import { createWebTransport } from "./web.ts";

export interface PickedTransport {
  transport: HostTransport;
  mode: "electron" | "web";
  /** Set in web mode when the URL carries no token: every call will be refused, and the UI says why. */
  missingToken: boolean;
}

export function pickTransport(win: Window): PickedTransport {
  if (win.chronograph) return { transport: createElectronTransport(win.chronograph), mode: "electron", missingToken: false };
  const token = new URLSearchParams(win.location.search).get("token") ?? "";
  return { transport: createWebTransport({ origin: win.location.origin, token }), mode: "web", missingToken: token === "" };
}
