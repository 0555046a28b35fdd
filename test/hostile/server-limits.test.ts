/**
 * Web mode facing oversized calls: a body over the limit is answered with 413 and a coded error that the
 * client can read, not a reset connection.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createDebuggerService, type DebuggerService } from "../../core/debugger/service.ts";
import { startWebHost, type WebHost } from "../../electron/web/server.ts";

let dir: string;
let service: DebuggerService;
let host: WebHost;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "chronograph-server-limits-"));
  const rendererDir = join(dir, "renderer");
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, "index.html"), "<!doctype html>");
  service = createDebuggerService({ configDir: join(dir, "config") });
  host = await startWebHost({ service, rendererDir });
});

afterAll(async () => {
  await host.close();
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

it("answers a call body over the limit with 413 and a readable error instead of resetting the connection", async () => {
  const body = JSON.stringify({ method: "getDatabase", args: { padding: "x".repeat(9 * 1024 * 1024) } });
  const response = await fetch(`http://127.0.0.1:${host.port}/api/call`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${host.token}` },
    body,
  });
  expect(response.status).toBe(413);
  expect(await response.json()).toMatchObject({ ok: false, error: { code: "INVALID_ARGUMENT", message: expect.stringContaining("larger than") } });
  // The server still answers afterwards.
  const next = await fetch(`http://127.0.0.1:${host.port}/api/call`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${host.token}` },
    body: JSON.stringify({ method: "getDatabase", args: {} }),
  });
  expect(next.status).toBe(200);
}, 60_000);
