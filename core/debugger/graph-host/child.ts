/**
 * Entry of a graph host: a process started for one job (load a module, write an edit, or run a graph).
 * Forked by the backend (web mode, the CLI): the job and "abort" arrive over the IPC channel, and every
 * answer goes back as a JSON line written synchronously to fd 4, so a node that calls process.exit right
 * after it starts cannot outrun the news of which node it was; the child exits once its answer is
 * written, whatever timers the user's module left behind. Started by Electron's main process as a
 * utility process (process.parentPort exists): the first message from main carries the port to the
 * backend, which then carries the job, "abort" and every answer; the backend has main kill the host once
 * it answered (port-launcher.ts).
 */
import { writeSync } from "node:fs";
import type { ChildMessage, ParentMessage } from "./protocol.ts";
import { runJob } from "./jobs.ts";

/** The pipe the parent reads answers from (see launcher.ts's stdio). */
const ANSWERS_FD = 4;
const controller = new AbortController();

/** The little of Electron's MessagePortMain and parentPort this file uses. */
interface MainPort {
  postMessage(message: unknown): void;
  on(event: "message", listener: (event: { data: unknown }) => void): void;
  on(event: "close", listener: () => void): void;
  start(): void;
}
interface ParentPort {
  once(event: "message", listener: (event: { ports: MainPort[] }) => void): void;
}

function receive(message: ParentMessage, send: (message: ChildMessage) => void): void {
  if (message.type === "abort") controller.abort();
  else void runJob(message.job, controller.signal, send);
}

function sendToFd(message: ChildMessage): void {
  const bytes = Buffer.from(`${JSON.stringify(message)}\n`);
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(ANSWERS_FD, bytes, offset);
    } catch (error) {
      // A full non-blocking pipe: the parent is reading; try again.
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
    }
  }
  if (message.type === "done") process.exit(0);
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (parentPort) {
  parentPort.once("message", ({ ports: [port] }) => {
    if (!port) process.exit(1);
    const send = (message: ChildMessage) => port.postMessage(message);
    port.on("message", ({ data }) => receive(data as ParentMessage, send));
    // The backend went away: nobody will read the answer.
    port.on("close", () => process.exit(1));
    port.start();
  });
} else {
  // The backend went away (closed, crashed): nobody will read the answer, so stop writing to its file.
  process.on("disconnect", () => process.exit(1));
  process.on("message", (message: ParentMessage) => receive(message, sendToFd));
}
