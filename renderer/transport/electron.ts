/**
 * The Electron transport: the preload exposes `window.chronograph` ({ call, listen }), which already
 * speaks the contract's CallResult; this only adapts it to HostTransport. IPC has no connection to lose.
 * An abandoned call answers CANCELLED at once, and its cancel crosses the bridge so the backend stops
 * working on it too.
 */
import type { CallResult, EventName, EventPayloads, MethodName } from "../../core/api/contract.ts";
import { abandonable } from "./abandonable.ts";
import type { HostTransport } from "./host-transport.ts";

/** The object the preload script exposes on `window`. */
export interface ChronographBridge {
  call(method: MethodName, args: unknown, callId?: string): Promise<CallResult>;
  cancel(callId: string): void;
  listen<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
}

declare global {
  interface Window {
    chronograph?: ChronographBridge;
  }
}

export function createElectronTransport(bridge: ChronographBridge): HostTransport {
  return {
    call(method, args, options) {
      const signal = options?.signal;
      if (!signal) return bridge.call(method, args);
      // Already abandoned: answer CANCELLED without sending anything.
      if (signal.aborted) return abandonable(method, new Promise<CallResult>(() => {}), signal);
      const callId = crypto.randomUUID();
      signal.addEventListener("abort", () => bridge.cancel(callId), { once: true });
      return abandonable(method, bridge.call(method, args, callId), signal);
    },
    listen: (event, listener) => bridge.listen(event, listener),
    onStatus(listener) {
      listener("connected");
      return () => {};
    },
    close() {},
  };
}
