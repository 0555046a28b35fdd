/**
 * The backend's launcher inside Electron (electron/main/backend-entry.ts): graph hosts are utility
 * processes that the main process starts on request (broker.ts). The backend asks with an id, gets back
 * its end of a MessageChannel to the new host, and sends the job and "abort" over it; main forwards the
 * host's stderr lines and its exit code. The job is over once main reported the exit and the host's port
 * closed, so every answer the host posted has arrived first. Transport-free: backend-entry.ts adapts
 * Electron's ports in a few lines.
 */
import type { BrokerNotice, BrokerRequest } from "./broker.ts";
import type { GraphProcess, GraphProcessLauncher } from "./launcher.ts";
import type { ChildMessage, ParentMessage } from "./protocol.ts";

/** The backend's end of the channel to one graph host. */
export interface HostPort {
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** The host's end went away (it exited). */
  onClose(listener: () => void): void;
}

/** The backend's line to the main process. */
export interface BrokerLink {
  post(request: BrokerRequest): void;
  /** Each notice from main; "graph-host:started" comes with the port to the host. */
  onNotice(listener: (notice: BrokerNotice, port: HostPort | undefined) => void): void;
}

/** How long to wait for the host's port to close once main reported its exit. */
const DRAIN_MS = 2000;

interface Tracked {
  started(port: HostPort): void;
  notice(notice: BrokerNotice): void;
}

export function createPortLauncher(link: BrokerLink, drainMs = DRAIN_MS): GraphProcessLauncher {
  let nextId = 1;
  const hosts = new Map<number, Tracked>();
  link.onNotice((notice, port) => {
    const host = hosts.get(notice.id);
    if (notice.type === "graph-host:started" && port) host?.started(port);
    else host?.notice(notice);
  });

  return {
    // Main starts only the entry it knows; `entry` names the same file in this build.
    start() {
      const id = nextId++;
      const answers: ((message: ChildMessage) => void)[] = [];
      const stderr: ((line: string) => void)[] = [];
      const closes: ((code: number | null, signal: NodeJS.Signals | null) => void)[] = [];
      const errors: ((error: Error) => void)[] = [];
      const queued: ParentMessage[] = [];
      let port: HostPort | null = null;
      let portClosed = false;
      let exit: { code: number | null } | null = null;
      let drain: NodeJS.Timeout | undefined;

      const finish = () => {
        if (!hosts.has(id)) return;
        hosts.delete(id);
        clearTimeout(drain);
        for (const listener of closes) listener(exit?.code ?? null, null);
      };
      const kill = () => link.post({ type: "graph-host:kill", id });

      hosts.set(id, {
        started(opened) {
          port = opened;
          opened.onMessage((message) => {
            for (const listener of answers) listener(message as ChildMessage);
            // The host does not exit by itself once it answered (a module's timers may keep it alive).
            if ((message as ChildMessage).type === "done") kill();
          });
          opened.onClose(() => {
            portClosed = true;
            if (exit) finish();
          });
          for (const message of queued.splice(0)) opened.post(message);
        },
        notice(notice) {
          if (notice.type === "graph-host:stderr") for (const listener of stderr) listener(notice.line);
          else if (notice.type === "graph-host:refused") {
            for (const listener of errors) listener(new Error(notice.reason));
            finish();
          } else if (notice.type === "graph-host:exit") {
            exit = { code: notice.code };
            if (portClosed || !port) finish();
            else drain = setTimeout(finish, drainMs);
          }
        },
      });
      link.post({ type: "graph-host:start", id });

      const handle: GraphProcess = {
        send(message) {
          if (exit) return;
          if (port) port.post(message);
          else queued.push(message);
        },
        onAnswer: (listener) => void answers.push(listener),
        onStderrLine: (listener) => void stderr.push(listener),
        onClose: (listener) => void closes.push(listener),
        onError: (listener) => void errors.push(listener),
        kill,
      };
      return handle;
    },
  };
}
