/**
 * The Electron utility process that hosts the debugger backend (createDebuggerService) away from the
 * main process: it answers the main process over its parentPort with port-server.ts's protocol. Graph
 * code runs one level further down, in graph hosts this process starts. argv[2] is the config folder; argv[3…] are folders trusted for this launch only (the built-in demo's).
 */
import { servePort } from "../../core/debugger/port-server.ts";
import { createDebuggerService } from "../../core/debugger/service.ts";

const service = createDebuggerService({ configDir: process.argv[2], launchTrust: process.argv.slice(3) });
const port = process.parentPort;
servePort(service, {
  post: (message) => port.postMessage(message),
  onMessage(listener) {
    const handler = (event: Electron.MessageEvent) => listener(event.data);
    port.on("message", handler);
    return () => port.off("message", handler);
  },
});
