/**
 * The Electron transport: the preload exposes `window.chronograph` ({ call, listen }), which already
 * speaks the contract's CallResult; this only adapts it to HostTransport. IPC has no connection to lose.
 * An abandoned call answers CANCELLED at once; the bridge cannot carry a cancel yet, so the backend
 * finishes it and the answer is dropped.
 */
import type { CallResult, EventName, EventPayloads, MethodName } from "../../core/api/contract.ts";
import { abandonable } from "./abandonable.ts";
import type { HostTransport } from "./host-transport.ts";

/** The object the preload script exposes on `window`. */
export interface ChronographBridge {
  call(method: MethodName, args: unknown): Promise<CallResult>;
  listen<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
}

declare global {
  interface Window {
    chronograph?: ChronographBridge;
  }
}

export function createElectronTransport(bridge: ChronographBridge): HostTransport {
  return {
    call: (method, args, options) => abandonable(method, bridge.call(method, args), options?.signal),
    listen: (event, listener) => bridge.listen(event, listener),
    onStatus(listener) {
      listener("connected");
      return () => {};
    },
    close() {},
  };
}
