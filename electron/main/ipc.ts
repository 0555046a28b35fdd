/**
 * The IPC host: one handler for every call, answering only the app's own window and page, forwarding
 * each call to the backend's utility process (whose dispatch() checks the method and argument schema
 * and codes every error), and forwarding the backend's events to the window.
 */
import { ipcMain, type BrowserWindow, type IpcMainEvent, type IpcMainInvokeEvent } from "electron";
import { EVENT_NAMES, isMethodName, METHOD_NAMES, type CallResult, type Transport } from "../../core/api/contract.ts";
import { createCallCancels } from "./call-cancels.ts";
import { APP_ORIGIN } from "./protocol.ts";

export const CALL_CHANNEL = "chronograph:call";
export const CANCEL_CHANNEL = "chronograph:cancel";
export const EVENT_CHANNEL = "chronograph:event";
export const CONTRACT_CHANNEL = "chronograph:contract";

const REFUSED: CallResult = { ok: false, error: { code: "INVALID_ARGUMENT", message: "Calls are answered only for Chronograph's own window." } };

/** Wire the backend (`transport`) to `getWindow()`'s page. Returns a function that removes the handlers. */
export function registerIpc(backend: Transport, getWindow: () => BrowserWindow | null): () => void {
  const fromOurPage = (event: IpcMainEvent | IpcMainInvokeEvent): boolean => {
    const window = getWindow();
    const frame = event.senderFrame;
    // Only the top frame of our window, showing our own origin: not an iframe, not a page navigated elsewhere.
    return !!window && !window.isDestroyed() && event.sender.id === window.webContents.id && !!frame && frame.parent === null && frame.url.startsWith(`${APP_ORIGIN}/`);
  };

  const cancels = createCallCancels();
  ipcMain.handle(CALL_CHANNEL, async (event, method: unknown, args: unknown, callId: unknown) => {
    if (!fromOurPage(event)) return REFUSED;
    // Unknown names stop here; the backend validates the arguments against the method's schema.
    if (!isMethodName(method)) return { ok: false, error: { code: "INVALID_ARGUMENT", message: `Unknown method "${String(method).slice(0, 100)}".` } } satisfies CallResult;
    const signal = cancels.begin(event.sender.id, callId);
    try {
      return await backend.call(method, args, signal ? { signal } : undefined);
    } finally {
      cancels.end(event.sender.id, callId);
    }
  });
  // The page abandoned a call (the user clicked elsewhere): the backend stops reading for it.
  ipcMain.on(CANCEL_CHANNEL, (event, callId: unknown) => {
    if (fromOurPage(event)) cancels.cancel(event.sender.id, callId);
  });
  // The sandboxed preload cannot import the contract; it asks for the names once, synchronously, at load.
  ipcMain.on(CONTRACT_CHANNEL, (event) => {
    event.returnValue = fromOurPage(event) ? { methods: METHOD_NAMES, events: EVENT_NAMES } : null;
  });
  const unsubscribe = EVENT_NAMES.map((name) =>
    backend.listen(name, (payload) => {
      const window = getWindow();
      if (window && !window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, name, payload);
    }),
  );
  return () => {
    ipcMain.removeHandler(CALL_CHANNEL);
    ipcMain.removeAllListeners(CANCEL_CHANNEL);
    ipcMain.removeAllListeners(CONTRACT_CHANNEL);
    unsubscribe.forEach((stop) => stop());
  };
}
