/**
 * The Electron utility process that hosts the debugger backend (createDebuggerService) away from the
 * main process: it answers the main process over its parentPort with port-server.ts's protocol. Graph
 * code runs one level further down, in graph hosts that the main process starts when this process asks
 * over the same parentPort (broker.ts), since the packaged app cannot fork with runAsNode off.
 * argv[2] is the config folder; argv[3…] are folders trusted for this launch only (the built-in demo's).
 */
import { parseBrokerNotice } from "../../core/debugger/graph-host/broker.ts";
import { createPortLauncher, type HostPort } from "../../core/debugger/graph-host/port-launcher.ts";
import { servePort } from "../../core/debugger/port-server.ts";
import { createDebuggerService } from "../../core/debugger/service.ts";
import { boundHeapGrowth } from "../heap-growth.ts";

// GC slack bounded (heap-growth.ts): this process holds a big file's state, as web mode's does.
boundHeapGrowth();

const port = process.parentPort;

const hostPort = (main: Electron.MessagePortMain): HostPort => ({
  post: (message) => main.postMessage(message),
  onMessage(listener) {
    main.on("message", (event) => listener(event.data));
    main.start();
  },
  onClose: (listener) => void main.on("close", listener),
});

const launcher = createPortLauncher({
  post: (request) => port.postMessage(request),
  onNotice(listener) {
    port.on("message", (event: Electron.MessageEvent) => {
      const notice = parseBrokerNotice(event.data);
      if (notice) listener(notice, event.ports[0] ? hostPort(event.ports[0]) : undefined);
    });
  },
});

const service = createDebuggerService({ configDir: process.argv[2], launchTrust: process.argv.slice(3), launcher });
servePort(service, {
  post: (message) => port.postMessage(message),
  onMessage(listener) {
    const handler = (event: Electron.MessageEvent) => listener(event.data);
    port.on("message", handler);
    return () => port.off("message", handler);
  },
});
