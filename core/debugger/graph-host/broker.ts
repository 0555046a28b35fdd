/**
 * Graph hosts started by Electron's main process for the backend (the packaged app's runAsNode fuse is
 * off, so the backend's utility process cannot fork them itself, and only main may call
 * utilityProcess.fork). What the backend and main say to each other over the backend's parentPort, next
 * to port-server.ts's calls, and main's bookkeeping: which hosts live, at most `cap` at a time, and only
 * ever the one entry file main knows (the backend names an id, never a path). Transport-free: main
 * passes in how to fork and kill (electron/main/graph-hosts.ts).
 */

/** The backend asks main. */
export type BrokerRequest = { type: "graph-host:start"; id: number } | { type: "graph-host:kill"; id: number };

/** Main tells the backend. "started" carries the backend's end of a MessageChannel to the host. */
export type BrokerNotice =
  | { type: "graph-host:started"; id: number }
  | { type: "graph-host:refused"; id: number; reason: string }
  | { type: "graph-host:stderr"; id: number; line: string }
  | { type: "graph-host:exit"; id: number; code: number | null };

/** How many graph hosts main keeps alive at once. */
export const GRAPH_HOST_CAP = 8;

/** The request, when `message` is exactly one the backend may send; null for anything else. */
export function parseBrokerRequest(message: unknown): BrokerRequest | null {
  if (typeof message !== "object" || message === null) return null;
  const { type, id, ...rest } = message as { type?: unknown; id?: unknown };
  if (type !== "graph-host:start" && type !== "graph-host:kill") return null;
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id < 1 || Object.keys(rest).length > 0) return null;
  return { type, id };
}

/** A notice from main, or null when `message` is something else (a port-server answer, an event). */
export function parseBrokerNotice(message: unknown): BrokerNotice | null {
  if (typeof message !== "object" || message === null) return null;
  const { type, id } = message as { type?: unknown; id?: unknown };
  if (typeof id !== "number" || typeof type !== "string" || !type.startsWith("graph-host:")) return null;
  return type === "graph-host:started" || type === "graph-host:refused" || type === "graph-host:stderr" || type === "graph-host:exit" ? (message as BrokerNotice) : null;
}

/** One started host, as main's glue hands it to the broker. */
export interface BrokeredHost {
  kill(): void;
}

export interface BrokerSide {
  /** Start the known entry for `id`, wiring its stderr and exit to `notify`; may throw. */
  fork(id: number): BrokeredHost;
  /** Tell the backend. `started` is posted by fork's glue itself (it carries a port). */
  notify(notice: BrokerNotice): void;
}

/** Main's side: answer the backend's requests. */
export class GraphHostBroker {
  private readonly live = new Map<number, BrokeredHost>();

  constructor(
    private readonly side: BrokerSide,
    private readonly cap = GRAPH_HOST_CAP,
  ) {}

  get liveCount(): number {
    return this.live.size;
  }

  /** Handle one message from the backend; returns false when it was not a broker request. */
  handle(message: unknown): boolean {
    const request = parseBrokerRequest(message);
    if (!request) return false;
    const { id } = request;
    if (request.type === "graph-host:kill") {
      this.live.get(id)?.kill();
      return true;
    }
    const refuse = (reason: string) => this.side.notify({ type: "graph-host:refused", id, reason });
    if (this.live.has(id)) refuse(`graph host ${id} is already running`);
    else if (this.live.size >= this.cap) refuse(`${this.cap} graph hosts are already running; wait for one to end`);
    else {
      try {
        this.live.set(id, this.side.fork(id));
      } catch (error) {
        refuse(error instanceof Error ? error.message.split("\n")[0]! : String(error));
      }
    }
    return true;
  }

  /** The host for `id` exited: forget it and tell the backend its exit code. */
  exited(id: number, code: number | null): void {
    if (!this.live.delete(id)) return;
    this.side.notify({ type: "graph-host:exit", id, code });
  }

  /** The backend went away: end every host it started. */
  killAll(): void {
    for (const host of this.live.values()) host.kill();
    this.live.clear();
  }
}
