/**
 * The one app window: isolated, sandboxed, no Node in the page, web security on, the preload as the
 * only bridge. It never navigates away from the app or opens other windows; links open in the browser.
 */
import { BrowserWindow, screen, session, shell } from "electron";
import { contentSecurityPolicy } from "../csp.ts";
import { APP_ORIGIN } from "./protocol.ts";
import { loadWindowState, saveWindowState } from "./window-state.ts";

export interface WindowOptions {
  preload: string;
  /** JSON file where the window's bounds are remembered. */
  stateFile: string;
}

/** Add the CSP to every response the app's session receives (belt and braces next to the protocol's header). */
export function enforceContentSecurityPolicy(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, "Content-Security-Policy": [contentSecurityPolicy()] } });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
}

export function createMainWindow(options: WindowOptions): BrowserWindow {
  const screens = screen.getAllDisplays().map((display) => display.workArea);
  const state = loadWindowState(options.stateFile, screens);
  const window = new BrowserWindow({
    ...(state.x === undefined ? {} : { x: state.x, y: state.y }),
    width: state.width,
    height: state.height,
    minWidth: 800,
    minHeight: 500,
    show: false,
    title: "Chronograph",
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: options.preload,
    },
  });
  if (state.maximized) window.maximize();
  window.once("ready-to-show", () => window.show());

  window.webContents.on("will-navigate", (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith("https://") || url.startsWith("http://")) void shell.openExternal(url);
    return { action: "deny" };
  });
  window.on("close", () => {
    const bounds = window.getNormalBounds();
    saveWindowState(options.stateFile, { ...bounds, maximized: window.isMaximized() });
  });
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}
