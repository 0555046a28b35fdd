/**
 * Entry of a graph host: a child process started by the backend for one job (load a module, write an
 * edit, or run a graph). The job and "abort" arrive over the IPC channel; every answer goes back as a
 * JSON line written synchronously to fd 4, so a node that calls process.exit right after it starts
 * cannot outrun the news of which node it was. The child exits once its answer is written, whatever
 * timers the user's module left behind.
 */
import { writeSync } from "node:fs";
import type { ChildMessage, ParentMessage } from "./protocol.ts";
import { runJob } from "./jobs.ts";

/** The pipe the parent reads answers from (see host.ts's stdio). */
const ANSWERS_FD = 4;
const controller = new AbortController();

function send(message: ChildMessage): void {
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

// The backend went away (closed, crashed): nobody will read the answer, so stop writing to its file.
process.on("disconnect", () => process.exit(1));

process.on("message", (message: ParentMessage) => {
  if (message.type === "abort") controller.abort();
  else void runJob(message.job, controller.signal, send);
});
