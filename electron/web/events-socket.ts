/**
 * The event stream of web mode: a WebSocket at /api/events that carries every contract event as
 * `{ event, payload }` JSON. The upgrade is checked by the same guard as every request, the token coming
 * as a subprotocol (browsers cannot set headers on a WebSocket; guard.ts); the server answers with
 * EVENTS_PROTOCOL. Anything the client sends is ignored.
 */
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { EVENT_NAMES } from "../../core/api/contract.ts";
import type { DebuggerService } from "../../core/debugger/service.ts";
import { EVENTS_PROTOCOL, type Guard } from "./guard.ts";

export const EVENTS_PATH = "/api/events";

function refuse(socket: Duplex, status: number, reason: string): void {
  const text = status === 401 ? "Unauthorized" : status === 403 ? "Forbidden" : "Not Found";
  socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`);
}

/** Accept event sockets on `server`; resolves nothing, returns a function that closes every socket. */
export function attachEventSockets(server: Server, service: DebuggerService, guard: Guard): () => void {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 4096, handleProtocols: () => EVENTS_PROTOCOL });

  server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== EVENTS_PATH) return refuse(socket, 404, "Not found");
    const verdict = guard.checkSocket(request);
    if (!verdict.ok) return refuse(socket, verdict.status, verdict.reason);
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit("connection", ws, request));
  });

  sockets.on("connection", (ws: WebSocket) => {
    const unsubscribe = EVENT_NAMES.map((event) =>
      service.on(event, (payload) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event, payload }));
      }),
    );
    ws.on("close", () => unsubscribe.forEach((stop) => stop()));
    ws.on("error", () => ws.terminate());
  });

  return () => {
    for (const client of sockets.clients) client.terminate();
    sockets.close();
  };
}
