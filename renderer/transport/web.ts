/**
 * The web-mode transport: calls are POST /api/call with the launch token as a Bearer header, events
 * arrive on the WebSocket /api/events, which reconnects by itself (with back-off) when the host restarts
 * or the laptop sleeps. A browser cannot put headers on a WebSocket, so the token travels as a
 * subprotocol (`chronograph.token.<token>`, beside `chronograph.events`), never in the URL or a cookie
 * (electron/web/guard.ts). Failures come back as CallResults, never as thrown errors. A call's
 * AbortSignal aborts its fetch, which closes the request: the host cancels the call on the backend.
 */
import type { CallOptions, CallResult, EventName, EventPayloads, MethodName, Transport } from "../../core/api/contract.ts";
import { abandonable } from "./abandonable.ts";
import type { ConnectionStatus, HostTransport } from "./host-transport.ts";

export interface WebTransportOptions {
  /** Origin of the host, e.g. "http://127.0.0.1:5123". */
  origin: string;
  /** The per-launch token the host printed (taken once from the page URL's ?token=; see pick-transport.ts). */
  token: string;
}

type Listener = (payload: unknown) => void;

function failure(message: string): CallResult {
  return { ok: false, error: { code: "INTERNAL", message } };
}

function isCallResult(value: unknown): value is CallResult {
  return typeof value === "object" && value !== null && typeof (value as { ok?: unknown }).ok === "boolean";
}

export function createWebTransport(options: WebTransportOptions): HostTransport {
  const listeners = new Map<EventName, Set<Listener>>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  let socket: WebSocket | null = null;
  let status: ConnectionStatus = "connecting";
  let retry = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const setStatus = (next: ConnectionStatus) => {
    if (next === status) return;
    status = next;
    for (const listener of statusListeners) listener(next);
  };

  const connect = () => {
    if (closed || socket) return;
    const url = new URL("/api/events", options.origin);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    const ws = new WebSocket(url, ["chronograph.events", `chronograph.token.${options.token}`]);
    socket = ws;
    ws.onopen = () => {
      retry = 0;
      setStatus("connected");
    };
    ws.onmessage = (message) => {
      let parsed: { event?: unknown; payload?: unknown };
      try {
        parsed = JSON.parse(String(message.data)) as { event?: unknown; payload?: unknown };
      } catch {
        return;
      }
      const set = listeners.get(parsed.event as EventName);
      if (set) for (const listener of [...set]) listener(parsed.payload);
    };
    ws.onclose = () => {
      socket = null;
      if (closed) return;
      setStatus("disconnected");
      retry += 1;
      retryTimer = setTimeout(connect, Math.min(5000, 250 * 2 ** Math.min(retry, 5)));
    };
  };

  return {
    call(method: MethodName, args: unknown, { signal }: CallOptions = {}): Promise<CallResult> {
      return abandonable(method, post(method, args, signal), signal);
    },

    listen<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      set.add(listener as Listener);
      connect();
      return () => set.delete(listener as Listener);
    },

    onStatus(listener) {
      statusListeners.add(listener);
      listener(status);
      return () => statusListeners.delete(listener);
    },

    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      socket?.close();
    },
  } satisfies Transport & HostTransport;

  async function post(method: MethodName, args: unknown, signal: AbortSignal | undefined): Promise<CallResult> {
    let response: Response;
    // A variable, not a literal: tests type this file against Node's fetch too, which has no `cache`.
    const init = {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${options.token}` },
      body: JSON.stringify({ method, args }),
      cache: "no-store" as const,
      ...(signal ? { signal } : {}),
    };
    try {
      response = await fetch(new URL("/api/call", options.origin), init);
    } catch {
      return failure(`Cannot reach the Chronograph host at ${options.origin}. Is it still running?`);
    }
    let body: unknown = null;
    try {
      body = await response.json();
    } catch {
      // Not JSON: fall through to the status-based message.
    }
    if (isCallResult(body)) return body;
    if (response.status === 401 || response.status === 403) {
      return failure("The host refused this page's token. Open the URL the chronograph command printed (it ends in ?token=…).");
    }
    return failure(`The host answered ${response.status} ${response.statusText} to ${method}.`);
  }
}
