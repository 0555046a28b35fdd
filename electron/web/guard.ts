/**
 * Who may talk to the web host: requests addressed to 127.0.0.1:PORT or localhost:PORT (a DNS-rebinding
 * page sends another Host), from our own origin when a browser says where it comes from, carrying the
 * per-launch token as a Bearer header, a ?token= query, or the cookie set on the first page load.
 */
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

export type Verdict = { ok: true } | { ok: false; status: 401 | 403; reason: string };

export class Guard {
  /** Name of the token cookie; includes the port, since cookies are shared by every port of a host. */
  readonly cookieName: string;
  private readonly hosts: Set<string>;
  private readonly origins: Set<string>;
  private readonly expected: Buffer;

  constructor(
    readonly port: number,
    readonly token: string,
  ) {
    this.cookieName = `chronograph_token_${port}`;
    this.hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
    this.origins = new Set([...this.hosts].map((host) => `http://${host}`));
    this.expected = Buffer.from(token);
  }

  /** Check Host, Origin (when sent) and token, in that order. */
  check(request: IncomingMessage, url: URL): Verdict {
    const host = request.headers.host?.toLowerCase();
    if (!host || !this.hosts.has(host)) return { ok: false, status: 403, reason: "This server only answers requests addressed to 127.0.0.1 or localhost." };
    const origin = request.headers.origin;
    if (origin !== undefined && !this.origins.has(origin.toLowerCase())) return { ok: false, status: 403, reason: "Cross-origin requests are refused." };
    if (!this.tokens(request, url).some((candidate) => this.matches(candidate))) {
      return { ok: false, status: 401, reason: "Missing or wrong token: open the URL Chronograph printed, token included." };
    }
    return { ok: true };
  }

  /** The Set-Cookie header that lets the page's later requests (and reloads) through. */
  cookie(): string {
    return `${this.cookieName}=${this.token}; HttpOnly; SameSite=Strict; Path=/`;
  }

  /** Whether the request carried the token in its query string (a first page load). */
  tokenInQuery(url: URL): boolean {
    return this.matches(url.searchParams.get("token") ?? "");
  }

  private tokens(request: IncomingMessage, url: URL): string[] {
    const found: string[] = [];
    const authorization = request.headers.authorization;
    if (authorization?.startsWith("Bearer ")) found.push(authorization.slice("Bearer ".length).trim());
    const query = url.searchParams.get("token");
    if (query) found.push(query);
    for (const part of (request.headers.cookie ?? "").split(";")) {
      const [name, ...value] = part.trim().split("=");
      if (name === this.cookieName) found.push(value.join("="));
    }
    return found;
  }

  private matches(candidate: string): boolean {
    const given = Buffer.from(candidate);
    // Compare in constant time, so response timing does not reveal how much of a guess was right.
    return given.length === this.expected.length && timingSafeEqual(given, this.expected);
  }
}
