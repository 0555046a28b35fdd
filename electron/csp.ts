/**
 * The Content-Security-Policy both hosts send with the app. Scripts only from the app itself, no
 * plugins, no framing, no <base> tricks. Inline styles are allowed because React Flow positions nodes
 * with style attributes. Web mode adds its own WebSocket origins to connect-src.
 */

/** The policy; `port` (web mode) allows the event socket on 127.0.0.1 and localhost at that port. */
export function contentSecurityPolicy(port?: number): string {
  const connect = port === undefined ? "'self'" : `'self' ws://127.0.0.1:${port} ws://localhost:${port}`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `connect-src ${connect}`,
    "img-src 'self' data:",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}
