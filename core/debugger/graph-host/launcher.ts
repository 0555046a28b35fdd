/**
 * How a graph host process is started: the backend asks a GraphProcessLauncher for a process running
 * the graph host's entry, and talks to it only through the handle it gets back. The default launcher
 * forks it with Node's child_process (web mode, the CLI, tests); Electron's packaged app, whose
 * runAsNode fuse is off, starts it as a utility process brokered by the main process (port-launcher.ts).
 */
import { fork } from "node:child_process";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import type { ChildMessage, ParentMessage } from "./protocol.ts";

/** One running graph host, as the backend sees it. */
export interface GraphProcess {
  /** Pass the job or "abort"; ignored once the process is gone. */
  send(message: ParentMessage): void;
  /** Each answer the child writes (run events, then one "done"), in order. */
  onAnswer(listener: (message: ChildMessage) => void): void;
  /** Each line the child writes to stderr. */
  onStderrLine(listener: (line: string) => void): void;
  /** Once, after the process ended and every answer it wrote was delivered. */
  onClose(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  /** The process could not be started (after start() returned). */
  onError(listener: (error: Error) => void): void;
  /** End it at once. */
  kill(): void;
}

export interface GraphProcessLauncher {
  /** Start a graph host running `entry` (graph-host/child); throws when no process can be started. */
  start(entry: string): GraphProcess;
}

/**
 * The default: child_process.fork, the job over the IPC channel, answers as JSON lines on fd 4 (written
 * synchronously by the child, so a node that calls process.exit cannot outrun them).
 */
export const forkLauncher: GraphProcessLauncher = {
  start(entry) {
    // TypeScript sources (development, tests, web mode from the repo) need tsx's loader; the build does not.
    const execArgv = entry.endsWith(".ts") ? ["--import", "tsx"] : [];
    const child = fork(entry, [], { execArgv, stdio: ["ignore", "inherit", "pipe", "ipc", "pipe"] });
    return {
      send(message) {
        if (child.connected) child.send(message);
      },
      onAnswer(listener) {
        createInterface({ input: child.stdio[4] as Readable }).on("line", (line) => listener(JSON.parse(line) as ChildMessage));
      },
      onStderrLine(listener) {
        createInterface({ input: child.stderr! }).on("line", listener);
      },
      // "close", not "exit": every answer line has been read by then.
      onClose: (listener) => void child.on("close", listener),
      onError: (listener) => void child.on("error", listener),
      kill: () => void child.kill("SIGKILL"),
    };
  },
};
