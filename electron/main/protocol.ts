/**
 * The app's own scheme: the renderer is loaded from app://chronograph/, served from dist/renderer with
 * the CSP header on every response. A custom scheme gives the page a real origin (file:// has none),
 * which the IPC host checks before answering.
 */
import { existsSync, statSync } from "node:fs";
import { extname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { net, protocol } from "electron";
import { contentSecurityPolicy } from "../csp.ts";

export const APP_SCHEME = "app";
export const APP_ORIGIN = `${APP_SCHEME}://chronograph`;

/** Call before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Serve `rendererDir` on the app scheme; call once the app is ready. */
export function serveRenderer(rendererDir: string): void {
  const root = resolve(rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const wanted = resolve(root, `.${decodeURIComponent(url.pathname)}`);
    const inside = !relative(root, wanted).startsWith("..");
    const file = inside && existsSync(wanted) && statSync(wanted).isFile() ? wanted : extname(url.pathname) === "" ? join(root, "index.html") : null;
    if (url.host !== "chronograph" || !file || !existsSync(file)) return new Response("Not found", { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set("Content-Security-Policy", contentSecurityPolicy());
    headers.set("X-Content-Type-Options", "nosniff");
    return new Response(response.body, { status: response.status, headers });
  });
}
