/** The service's event streams (the contract's `onX` members), with typed payloads. */
import type { EventName, EventPayloads } from "../api/contract.ts";

export type Listener<E extends EventName> = (payload: EventPayloads[E]) => void;

export class EventHub {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();

  /** Call `listener` for every later `event`, in emit order, until the returned function is called. */
  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const entry = listener as Listener<EventName>;
    set.add(entry);
    return () => set.delete(entry);
  }

  /** Deliver `payload` to every listener of `event`; a listener that throws does not stop the others. */
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        listener(payload);
      } catch (error) {
        // A broken listener (e.g. a closed socket) is the host's problem, not the backend's.
        console.warn(`chronograph: a listener of ${event} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
