/**
 * The one app window: isolated, sandboxed, no Node in the page, web security on, the preload as the
 * only bridge. It never navigates away from the app or opens other windows; links open in the browser.
 */
import { BrowserWindow, screen, session } from "electron";
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
  // The app needs no browser permission (camera, notifications, clipboard-read...): refuse every request
  // and answer every check with "denied", so no API can even learn that one might be granted.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.setDevicePermissionHandler(() => false);
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
      // Middle-click on a link would open it in a new window, outside will-navigate's check.
      disableBlinkFeatures: "Auxclick",
      // The preload is the one bridge: it exposes a frozen { call, listen } that accepts only the
      // contract's names (electron/preload/preload.cts); electronegativity's PRELOAD_JS_CHECK is expected.
      preload: options.preload,
    },
  });
  if (state.maximized) window.maximize();
  window.once("ready-to-show", () => window.show());

  window.webContents.on("will-navigate", (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  // The app has no external links, so nothing is handed to the system browser (no shell.openExternal,
  // which would turn a crafted link in a state value into a way to launch other programs).
  window.webContents.setWindowOpenHandler(() => ({ action: "deny" }));
  window.on("close", () => {
    const bounds = window.getNormalBounds();
    saveWindowState(options.stateFile, { ...bounds, maximized: window.isMaximized() });
  });
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}
