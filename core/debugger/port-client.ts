/**
 * A Transport over a message port served by port-server.ts: each call gets an id and resolves when the
 * answer with that id arrives; aborting its signal posts "cancel" and resolves at once to CANCELLED.
 * Events arrive as pushed. Used by Electron's main process to reach the backend in its utility process.
 */
import type { CallResult, EventName, EventPayloads, Transport } from "../api/contract.ts";
import { cancelledResult } from "./cancel.ts";
import type { PortLike, PortReply, PortRequest } from "./port-server.ts";

export interface PortTransport extends Transport {
  /** Resolve every pending call to `reason` (the port's process died) and stop listening. */
  close(reason?: string): void;
}

export function createPortTransport(port: PortLike): PortTransport {
  let nextId = 1;
  const pending = new Map<number, (result: CallResult) => void>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  const stop = port.onMessage((message) => {
    const reply = message as PortReply;
    if (reply?.type === "result") {
      pending.get(reply.id)?.(reply.result);
      pending.delete(reply.id);
    } else if (reply?.type === "event") {
      for (const listener of [...(listeners.get(reply.event) ?? [])]) listener(reply.payload);
    }
  });

  return {
    call(method, args, options = {}) {
      const { signal } = options;
      if (signal?.aborted) return Promise.resolve(cancelledResult(method));
      const id = nextId++;
      return new Promise<CallResult>((resolve) => {
        const onAbort = () => {
          pending.delete(id);
          port.post({ type: "cancel", id } satisfies PortRequest);
          resolve(cancelledResult(method));
        };
        pending.set(id, (result) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(result);
        });
        signal?.addEventListener("abort", onAbort, { once: true });
        port.post({ type: "call", id, method, args } satisfies PortRequest);
      });
    },

    listen<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: unknown) => void);
      return () => set.delete(listener as (payload: unknown) => void);
    },

    close(reason = "The Chronograph backend stopped.") {
      stop();
      for (const resolve of pending.values()) resolve({ ok: false, error: { code: "INTERNAL", message: reason } });
      pending.clear();
    },
  };
}
