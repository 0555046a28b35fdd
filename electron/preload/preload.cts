/**
 * The page's only door to the backend: `window.chronograph = { call, listen }`, frozen. It refuses any
 * method or event the contract does not list. A sandboxed preload cannot load other files, so the
 * contract's names come from the main process once, synchronously, when the page loads.
 */
import electron = require("electron");
import type { CallResult, EventName, MethodName } from "../../core/api/contract.ts" with { "resolution-mode": "import" };

const { contextBridge, ipcRenderer } = electron;

const CALL_CHANNEL = "chronograph:call";
const CANCEL_CHANNEL = "chronograph:cancel";
const EVENT_CHANNEL = "chronograph:event";
const CONTRACT_CHANNEL = "chronograph:contract";

const contract = ipcRenderer.sendSync(CONTRACT_CHANNEL) as { methods: MethodName[]; events: EventName[] } | null;
const methods = new Set<string>(contract?.methods ?? []);
const events = new Set<string>(contract?.events ?? []);

function refuse(message: string): CallResult {
  return { ok: false, error: { code: "INVALID_ARGUMENT", message } };
}

const bridge = Object.freeze({
  /**
   * Call a contract method; resolves to its CallResult. Unknown methods are refused here, never sent.
   * `callId` (optional) names the call so that cancel() can abandon it; the main process checks its form.
   */
  call(method: unknown, args: unknown, callId?: unknown): Promise<CallResult> {
    if (typeof method !== "string" || !methods.has(method)) return Promise.resolve(refuse(`Unknown method "${String(method)}".`));
    return ipcRenderer.invoke(CALL_CHANNEL, method, args, typeof callId === "string" ? callId : undefined) as Promise<CallResult>;
  },
  /** Abandon the call named `callId`: the backend stops working on it and it answers CANCELLED. */
  cancel(callId: unknown): void {
    if (typeof callId === "string") ipcRenderer.send(CANCEL_CHANNEL, callId);
  },
  /** Listen to a contract event; returns the function that stops listening. Unknown events throw. */
  listen(event: unknown, listener: unknown): () => void {
    if (typeof event !== "string" || !events.has(event)) throw new Error(`Unknown event "${String(event)}".`);
    if (typeof listener !== "function") throw new Error("listen() needs a listener function.");
    const handler = (_: unknown, name: unknown, payload: unknown) => {
      if (name === event) (listener as (payload: unknown) => void)(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
});

contextBridge.exposeInMainWorld("chronograph", bridge);
