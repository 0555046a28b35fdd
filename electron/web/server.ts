/**
 * Web mode: the debugger served to the system browser from 127.0.0.1. Same contract as the Electron
 * host: POST /api/call { method, args } answers a CallResult, the WebSocket /api/events streams events,
 * and everything else is the built renderer. A call whose request closes before its answer (the page
 * aborted its fetch) is cancelled on the backend. Every request and socket must pass the Guard (Host, Origin);
 * calls and the socket must also carry the per-launch token (guard.ts says how; never a cookie). The
 * renderer's files are served without a token: they hold no secret. Imports no Electron.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { isMethodName, type CallResult } from "../../core/api/contract.ts";
import { dispatch } from "../../core/debugger/dispatch.ts";
import type { DebuggerService } from "../../core/debugger/service.ts";
import { contentSecurityPolicy } from "../csp.ts";
import { sendJson } from "./answer-body.ts";
import { attachEventSockets } from "./events-socket.ts";
import { Guard } from "./guard.ts";
import { serveStatic } from "./static-files.ts";

export const CALL_PATH = "/api/call";
const MAX_BODY = 8 * 1024 * 1024;

export interface WebHostOptions {
  service: DebuggerService;
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Folder of the built renderer. Default: dist/renderer of this checkout. */
  rendererDir?: string;
}

export interface WebHost {
  /** The address to open, token included: http://127.0.0.1:PORT/?token=… */
  url: string;
  port: number;
  token: string;
  /** Stop listening and close every socket; the service stays open. */
  close(): Promise<void>;
}

const DEFAULT_RENDERER = fileURLToPath(new URL(import.meta.url.includes("/out/electron/web/") ? "../../../dist/renderer" : "../../dist/renderer", import.meta.url));

function send(response: ServerResponse, status: number, body: unknown): void {
  void sendJson(response, status, body);
}

function failure(message: string, code: "INVALID_ARGUMENT" | "INTERNAL" = "INVALID_ARGUMENT"): CallResult {
  return { ok: false, error: { code, message } };
}

function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
      else if (size - chunk.length <= MAX_BODY) {
        chunks.length = 0;
        resolve(null);
      } else if (size > 16 * MAX_BODY) {
        // Read and discarded so that the client can read its 413 (destroying at once reset the connection); past this, stop.
        request.destroy();
      }
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

async function handleCall(service: DebuggerService, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== "POST") {
    response.setHeader("Allow", "POST");
    return send(response, 405, failure(`${CALL_PATH} accepts POST only.`));
  }
  // A JSON content type cannot be sent cross-site without a preflight, which this server never grants.
  if (!(request.headers["content-type"] ?? "").toLowerCase().startsWith("application/json")) {
    return send(response, 415, failure("Send the call as application/json."));
  }
  const body = await readBody(request);
  if (body === null) return send(response, 413, failure(`The call is larger than ${MAX_BODY} bytes.`));
  let call: { method?: unknown; args?: unknown };
  try {
    call = JSON.parse(body) as { method?: unknown; args?: unknown };
  } catch {
    return send(response, 400, failure("The call is not valid JSON."));
  }
  if (call === null || typeof call !== "object") return send(response, 400, failure('A call is { "method": ..., "args": {...} }.'));
  if (!isMethodName(call.method)) return send(response, 404, await dispatch(service, call.method, call.args));
  const abandoned = new AbortController();
  response.on("close", () => {
    if (!response.writableFinished) abandoned.abort();
  });
  const result = await dispatch(service, call.method, call.args, { signal: abandoned.signal });
  // A long list (a whole timeline) is written a batch at a time (answer-body.ts).
  if (!abandoned.signal.aborted) await sendJson(response, 200, result);
}

/** Start serving `service` on 127.0.0.1. Resolves once listening; rejects when the port is taken. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = randomBytes(32).toString("hex");
  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER;
  let guard: Guard | null = null;

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Content-Security-Policy", contentSecurityPolicy(guard!.port));
    const verdict = url.pathname === CALL_PATH ? guard!.check(request) : guard!.checkOrigin(request);
    if (!verdict.ok) return send(response, verdict.status, failure(verdict.reason));
    if (url.pathname === CALL_PATH) {
      handleCall(options.service, request, response).catch((error: unknown) => {
        if (!response.headersSent) send(response, 500, failure(error instanceof Error ? error.message : String(error), "INTERNAL"));
      });
      return;
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.setHeader("Allow", "GET, HEAD");
      return send(response, 405, failure("Only GET and HEAD are served here."));
    }
    serveStatic(rendererDir, url.pathname, request.method === "HEAD", response);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  guard = new Guard(port, token);
  const closeSockets = attachEventSockets(server, options.service, guard);

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      closeSockets();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
