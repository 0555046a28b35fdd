/**
 * The backend served over a message port (an Electron utility process's parentPort, a worker's
 * MessagePort, a child process's IPC channel): calls carry an id, each answer names the id it answers,
 * a "cancel" aborts the call's AbortSignal, and every contract event is pushed as it happens. Transport-
 * free: the host adapts its port to PortLike in a few lines; port-client.ts is the other end.
 */
import { EVENT_NAMES, type CallResult, type EventName } from "../api/contract.ts";
import { dispatch } from "./dispatch.ts";
import type { DebuggerService } from "./service.ts";

/** What travels towards the backend. */
export type PortRequest = { type: "call"; id: number; method: string; args: unknown } | { type: "cancel"; id: number };

/** What travels back. */
export type PortReply = { type: "result"; id: number; result: CallResult } | { type: "event"; event: EventName; payload: unknown };

/** The least a message port must do: post a message, and deliver the ones that arrive. */
export interface PortLike {
  post(message: unknown): void;
  /** Returns the unsubscribe function. */
  onMessage(listener: (message: unknown) => void): () => void;
}

function isRequest(message: unknown): message is PortRequest {
  if (typeof message !== "object" || message === null) return false;
  const { type, id } = message as { type?: unknown; id?: unknown };
  return (type === "call" || type === "cancel") && typeof id === "number";
}

/** Answer calls arriving on `port` and push the service's events to it. Returns the function that stops. */
export function servePort(service: DebuggerService, port: PortLike): () => void {
  const inFlight = new Map<number, AbortController>();
  const stopListening = port.onMessage((message) => {
    if (!isRequest(message)) return;
    if (message.type === "cancel") {
      inFlight.get(message.id)?.abort();
      return;
    }
    const controller = new AbortController();
    inFlight.set(message.id, controller);
    void dispatch(service, message.method, message.args, { signal: controller.signal }).then((result) => {
      inFlight.delete(message.id);
      port.post({ type: "result", id: message.id, result } satisfies PortReply);
    });
  });
  const unsubscribe = EVENT_NAMES.map((event) => service.on(event, (payload) => port.post({ type: "event", event, payload } satisfies PortReply)));
  return () => {
    stopListening();
    unsubscribe.forEach((stop) => stop());
    for (const controller of inFlight.values()) controller.abort();
    inFlight.clear();
  };
}
