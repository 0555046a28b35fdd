/**
 * The IPC host: one handler for every call, answering only the app's own window and page, passing each
 * call through dispatch() (method check, argument schema, coded errors), and forwarding the backend's
 * events to the window.
 */
import { ipcMain, type BrowserWindow, type IpcMainEvent, type IpcMainInvokeEvent } from "electron";
import { EVENT_NAMES, METHOD_NAMES, type CallResult } from "../../core/api/contract.ts";
import { dispatch } from "../../core/debugger/dispatch.ts";
import type { DebuggerService } from "../../core/debugger/service.ts";
import { APP_ORIGIN } from "./protocol.ts";

export const CALL_CHANNEL = "chronograph:call";
export const EVENT_CHANNEL = "chronograph:event";
export const CONTRACT_CHANNEL = "chronograph:contract";

const REFUSED: CallResult = { ok: false, error: { code: "INVALID_ARGUMENT", message: "Calls are answered only for Chronograph's own window." } };

/** Wire `service` to `getWindow()`'s page. Returns a function that removes the handlers. */
export function registerIpc(service: DebuggerService, getWindow: () => BrowserWindow | null): () => void {
  const fromOurPage = (event: IpcMainEvent | IpcMainInvokeEvent): boolean => {
    const window = getWindow();
    const frame = event.senderFrame;
    // Only the top frame of our window, showing our own origin: not an iframe, not a page navigated elsewhere.
    return !!window && !window.isDestroyed() && event.sender.id === window.webContents.id && !!frame && frame.parent === null && frame.url.startsWith(`${APP_ORIGIN}/`);
  };

  ipcMain.handle(CALL_CHANNEL, (event, method: unknown, args: unknown) => (fromOurPage(event) ? dispatch(service, method, args) : REFUSED));
  // The sandboxed preload cannot import the contract; it asks for the names once, synchronously, at load.
  ipcMain.on(CONTRACT_CHANNEL, (event) => {
    event.returnValue = fromOurPage(event) ? { methods: METHOD_NAMES, events: EVENT_NAMES } : null;
  });
  const unsubscribe = EVENT_NAMES.map((name) =>
    service.on(name, (payload) => {
      const window = getWindow();
      if (window && !window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, name, payload);
    }),
  );
  return () => {
    ipcMain.removeHandler(CALL_CHANNEL);
    ipcMain.removeAllListeners(CONTRACT_CHANNEL);
    unsubscribe.forEach((stop) => stop());
  };
}
