/**
 * Serving the built renderer: files under one folder only (no "..", no encoded tricks, no NUL), with a
 * content type the browser may not second-guess, and index.html for app routes without an extension.
 */
import { createReadStream, existsSync, statSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { extname, join, relative, resolve, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".wasm": "application/wasm",
};

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Chronograph</title>
<h1>Chronograph</h1><p>The app's web interface is not built yet. Run <code>npm run build</code>, then start Chronograph again.</p>`;

/**
 * The file under `root` for a URL path, or null when the path is malformed or escapes the folder.
 * A path without an extension that names no file is an app route: index.html.
 */
export function resolveStatic(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return null;
  const base = resolve(root);
  const target = resolve(base, `.${decoded.startsWith("/") ? decoded : `/${decoded}`}`);
  const inside = relative(base, target);
  if (inside.startsWith("..") || inside.includes(`..${sep}`) || resolve(base, inside) !== target) return null;
  if (existsSync(target) && statSync(target).isFile()) return target;
  if (existsSync(target) && statSync(target).isDirectory() && existsSync(join(target, "index.html"))) return join(target, "index.html");
  return extname(decoded) === "" ? join(base, "index.html") : null;
}

/** Answer a GET/HEAD for a static file (404 when absent; a hint page when the renderer is not built). */
export function serveStatic(root: string, pathname: string, head: boolean, response: ServerResponse): void {
  if (!existsSync(join(root, "index.html"))) {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
    response.end(head ? undefined : NOT_BUILT);
    return;
  }
  const file = resolveStatic(root, pathname);
  if (!file || !existsSync(file)) {
    response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
    response.end(head ? undefined : "Not found");
    return;
  }
  const type = TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";
  // Hashed assets may be cached; the page itself must always be fresh.
  const cache = file.endsWith(".html") ? "no-store" : "private, max-age=3600";
  response.writeHead(200, { "Content-Type": type, "Content-Length": statSync(file).size, "Cache-Control": cache });
  if (head) response.end();
  else createReadStream(file).pipe(response);
}
