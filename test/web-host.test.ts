/**
 * Web mode's host: the contract over HTTP and WebSocket on 127.0.0.1, behind the per-launch token and
 * the Host check, serving the renderer with a strict CSP and nothing outside its folder. The token is
 * never a cookie (cookies are shared by every port of 127.0.0.1, so other local servers would get it).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { EVENTS_PROTOCOL, TOKEN_PROTOCOL_PREFIX } from "../electron/web/guard.ts";
import { startWebHost, type WebHost } from "../electron/web/server.ts";
import { createFixture, type Fixture } from "./debugger/fixtures.ts";

let fixture: Fixture;
let host: WebHost;
let origin: string;

beforeEach(async () => {
  fixture = await createFixture();
  const rendererDir = join(fixture.dir, "renderer");
  mkdirSync(join(rendererDir, "assets"), { recursive: true });
  writeFileSync(join(rendererDir, "index.html"), '<!doctype html><script type="module" src="./assets/app.js"></script>');
  writeFileSync(join(rendererDir, "assets", "app.js"), "console.log('app');");
  writeFileSync(join(fixture.dir, "secret.txt"), "do not serve me");
  host = await startWebHost({ service: fixture.open().service, rendererDir });
  origin = `http://127.0.0.1:${host.port}`;
});

afterEach(async () => {
  await host.close();
  await fixture.cleanup();
});

/** A raw request, so tests can send any Host header and any path. */
function raw(path: string, headers: Record<string, string> = {}, method = "GET", body?: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port: host.port, path, method, headers: { host: `127.0.0.1:${host.port}`, ...headers } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The subprotocols the app's page offers to open the event socket. */
const socketProtocols = () => [EVENTS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${host.token}`];

/** The HTTP status an event socket was refused with. */
const refusal = (socket: WebSocket) => new Promise<number>((resolve) => socket.on("unexpected-response", (_req, res) => resolve(res.statusCode!)));

const call = (method: string, args: unknown, headers: Record<string, string> = { authorization: `Bearer ${host.token}` }) =>
  fetch(`${origin}/api/call`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ method, args }) });

describe("web host", () => {
  it("answers calls with the token and refuses them without it", async () => {
    const refused = await call("getDatabase", {}, {});
    expect(refused.status).toBe(401);
    expect((await call("getDatabase", {}, { authorization: "Bearer wrong" })).status).toBe(401);
    const opened = await call("openDatabase", { path: fixture.db });
    expect(opened.status).toBe(200);
    expect(await opened.json()).toMatchObject({ ok: true, value: { kind: "chronograph", threadCount: 4 } });
    const threads = (await (await call("listThreads", { status: ["interrupted"] })).json()) as { ok: boolean; value: { rows: Array<{ threadId: string }> } };
    expect(threads.value.rows.map((row) => row.threadId)).toEqual(["waiting"]);
  });

  it("refuses requests addressed to another host name (DNS rebinding)", async () => {
    const response = await raw(`/?token=${host.token}`, { host: `evil.example:${host.port}` });
    expect(response.status).toBe(403);
    expect((await raw("/", { host: `127.0.0.1:${host.port + 1}`, authorization: `Bearer ${host.token}` })).status).toBe(403);
    expect((await raw("/", { host: `localhost:${host.port}`, authorization: `Bearer ${host.token}` })).status).toBe(200);
  });

  it("refuses calls from another origin and calls not sent as JSON", async () => {
    expect((await call("getDatabase", {}, { authorization: `Bearer ${host.token}`, origin: "http://evil.example" })).status).toBe(403);
    const form = await raw("/api/call", { authorization: `Bearer ${host.token}`, "content-type": "text/plain" }, "POST", '{"method":"getDatabase","args":{}}');
    expect(form.status).toBe(415);
  });

  it("listens on 127.0.0.1 only", async () => {
    expect(host.url.startsWith(`http://127.0.0.1:${host.port}/?token=`)).toBe(true);
    const external = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === "IPv4" && !address.internal);
    if (external) {
      await expect(fetch(`http://${external.address}:${host.port}/`)).rejects.toThrow();
    }
  });

  it("answers 404 for a method the contract does not have, and names the field of an invalid argument", async () => {
    const unknown = await call("dropAllTables", {});
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ ok: false, error: { code: "INVALID_ARGUMENT", message: expect.stringContaining("dropAllTables") } });
    const invalid = await call("getCheckpoint", { threadId: "quick", checkpointId: 42 });
    expect(await invalid.json()).toMatchObject({ ok: false, error: { code: "INVALID_ARGUMENT", message: expect.stringContaining("checkpointId") } });
  });

  it("serves the renderer and its assets without a token, with a strict CSP and nosniff, and never sets a cookie", async () => {
    const page = await raw(`/?token=${host.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain("assets/app.js");
    const csp = String(page.headers["content-security-policy"]);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port} ws://localhost:${host.port}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers["x-content-type-options"]).toBe("nosniff");
    const script = await raw("/assets/app.js");
    expect(script.status).toBe(200);
    expect(script.headers["content-type"]).toMatch(/^text\/javascript/);
    expect(script.headers["x-content-type-options"]).toBe("nosniff");
    for (const response of [page, script, await raw("/"), await raw("/threads/quick"), await call("getDatabase", {})]) {
      const headers = response instanceof Response ? Object.fromEntries(response.headers) : response.headers;
      expect(headers["set-cookie"]).toBeUndefined();
    }
  });

  it("refuses calls and event sockets that carry the token only as a cookie or in the URL", async () => {
    const cookie = `chronograph_token_${host.port}=${host.token}`;
    const withCookie = await call("getDatabase", {}, { cookie });
    expect(withCookie.status).toBe(401);
    expect((await call("loadGraphModule", { path: "/tmp/evil.mjs" }, { cookie })).status).toBe(401);
    expect((await fetch(`${origin}/api/call?token=${host.token}`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"method":"getDatabase","args":{}}' })).status).toBe(401);
    expect(await refusal(new WebSocket(`ws://127.0.0.1:${host.port}/api/events`, { headers: { cookie } }))).toBe(401);
    expect(await refusal(new WebSocket(`ws://127.0.0.1:${host.port}/api/events?token=${host.token}`))).toBe(401);
  });

  it("never serves a file outside the renderer folder", async () => {
    const auth = { authorization: `Bearer ${host.token}` };
    for (const path of ["/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt", "/..%5csecret.txt", "/%00"]) {
      const response = await raw(path, auth);
      expect(response.body).not.toContain("do not serve me");
      expect([400, 404, 200]).toContain(response.status);
    }
    expect((await raw("/missing.js", auth)).status).toBe(404);
    expect((await raw("/threads/quick", auth)).body).toContain("assets/app.js");
  });

  it("streams events over the WebSocket to token holders only", async () => {
    expect(await refusal(new WebSocket(`ws://127.0.0.1:${host.port}/api/events`))).toBe(401);
    expect(await refusal(new WebSocket(`ws://127.0.0.1:${host.port}/api/events`, [EVENTS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}wrong`]))).toBe(401);
    const wrongHost = new WebSocket(`ws://127.0.0.1:${host.port}/api/events`, socketProtocols(), { headers: { host: `evil.example:${host.port}` } });
    expect(await refusal(wrongHost)).toBe(403);

    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/api/events`, socketProtocols());
    await new Promise((resolve) => socket.once("open", resolve));
    expect(socket.protocol).toBe(EVENTS_PROTOCOL);
    const message = new Promise<{ event: string; payload: { database?: { path: string } } }>((resolve) => socket.once("message", (data) => resolve(JSON.parse(String(data)))));
    await call("openDatabase", { path: fixture.db });
    expect(await message).toMatchObject({ event: "onDatabaseChanged", payload: { threadIds: [], database: { path: fixture.db } } });
    socket.close();
  });
});
