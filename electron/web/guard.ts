/**
 * Who may talk to the web host: requests addressed to 127.0.0.1:PORT or localhost:PORT (a DNS-rebinding
 * page sends another Host), from our own origin when a browser says where it comes from. API calls must
 * also carry the per-launch token as a Bearer header; the event socket, which a browser cannot give
 * headers, carries it as a WebSocket subprotocol. Never as a cookie: cookies are not separated by port,
 * so a token cookie would be sent to every other server on 127.0.0.1. Never from the URL's query either:
 * the page takes it from its address once and removes it (renderer/transport/pick-transport.ts).
 */
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

export type Verdict = { ok: true } | { ok: false; status: 401 | 403; reason: string };

/** The subprotocol the event socket speaks; the server selects it in its answer. */
export const EVENTS_PROTOCOL = "chronograph.events";
/** The page offers `chronograph.token.<token>` beside EVENTS_PROTOCOL to prove it holds the token. */
export const TOKEN_PROTOCOL_PREFIX = "chronograph.token.";

const WRONG_TOKEN = "Missing or wrong token: open the URL Chronograph printed, token included.";

export class Guard {
  private readonly hosts: Set<string>;
  private readonly origins: Set<string>;
  private readonly expected: Buffer;

  constructor(
    readonly port: number,
    readonly token: string,
  ) {
    this.hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
    this.origins = new Set([...this.hosts].map((host) => `http://${host}`));
    this.expected = Buffer.from(token);
  }

  /** Check Host and Origin (when sent): enough for the page's static files, which hold no secret. */
  checkOrigin(request: IncomingMessage): Verdict {
    const host = request.headers.host?.toLowerCase();
    if (!host || !this.hosts.has(host)) return { ok: false, status: 403, reason: "This server only answers requests addressed to 127.0.0.1 or localhost." };
    const origin = request.headers.origin;
    if (origin !== undefined && !this.origins.has(origin.toLowerCase())) return { ok: false, status: 403, reason: "Cross-origin requests are refused." };
    return { ok: true };
  }

  /** Check Host, Origin, and the token in the Authorization: Bearer header (API calls). */
  check(request: IncomingMessage): Verdict {
    const verdict = this.checkOrigin(request);
    if (!verdict.ok) return verdict;
    const authorization = request.headers.authorization;
    const given = authorization?.startsWith("Bearer ") ? authorization.slice("Bearer ".length).trim() : "";
    return this.matches(given) ? verdict : { ok: false, status: 401, reason: WRONG_TOKEN };
  }

  /** Check Host, Origin, and the token offered as a `chronograph.token.<token>` subprotocol (the event socket). */
  checkSocket(request: IncomingMessage): Verdict {
    const verdict = this.checkOrigin(request);
    if (!verdict.ok) return verdict;
    const offered = (request.headers["sec-websocket-protocol"] ?? "").split(",").map((protocol) => protocol.trim());
    const tokens = offered.filter((protocol) => protocol.startsWith(TOKEN_PROTOCOL_PREFIX)).map((protocol) => protocol.slice(TOKEN_PROTOCOL_PREFIX.length));
    return tokens.some((candidate) => this.matches(candidate)) ? verdict : { ok: false, status: 401, reason: WRONG_TOKEN };
  }

  private matches(candidate: string): boolean {
    const given = Buffer.from(candidate);
    // Compare in constant time, so response timing does not reveal how much of a guess was right.
    return given.length === this.expected.length && timingSafeEqual(given, this.expected);
  }
}
