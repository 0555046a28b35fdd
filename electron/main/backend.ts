/**
 * The main process's handle on the backend's utility process: start it, reach it through a typed
 * client over its message port, and start a fresh one when it dies (its pending calls answer INTERNAL
 * saying so, and the last opened file is opened again). The main process keeps windows, menus and dialogs.
 */
import { utilityProcess, type UtilityProcess } from "electron";
import { createClient, type DebuggerClient } from "../../core/api/client.ts";
import type { EventName, EventPayloads, Transport } from "../../core/api/contract.ts";
import { createPortTransport, type PortTransport } from "../../core/debugger/port-client.ts";
import { brokerGraphHosts } from "./graph-hosts.ts";

export interface Backend {
  client: DebuggerClient;
  /** The same calls as `client`, as a Transport (for forwarding the page's calls). */
  transport: Transport;
  stop(): void;
}

/**
 * `graphHostEntry`: the graph host's entry file, the only one main starts for the backend (graph-hosts.ts).
 * `launchTrust`: folders whose config's graph code loads without asking, for this launch only (never saved).
 */
export function startBackend(entry: string, graphHostEntry: string, configDir: string, launchTrust: readonly string[] = []): Backend {
  let child: UtilityProcess;
  let port: PortTransport;
  let stopping = false;
  let lastOpened: string | null = null;
  /** The main process's subscriptions, renewed on each fresh utility process. */
  const listeners = new Set<{ event: EventName; listener: (payload: EventPayloads[EventName]) => void; stop?: () => void }>();

  const spawn = () => {
    child = utilityProcess.fork(entry, [configDir, ...launchTrust], { serviceName: "Chronograph backend", stdio: "inherit" });
    brokerGraphHosts(child, graphHostEntry);
    port = createPortTransport({
      post: (message) => child.postMessage(message),
      onMessage(listener) {
        child.on("message", listener);
        return () => child.off("message", listener);
      },
    });
    for (const entry of listeners) entry.stop = port.listen(entry.event, entry.listener);
    child.once("exit", (code) => {
      port.close(`The Chronograph backend exited with code ${code}; it has been restarted.`);
      if (stopping) return;
      spawn();
      if (lastOpened) void port.call("openDatabase", { path: lastOpened });
    });
  };
  spawn();

  const transport: Transport = {
    async call(method, args, options) {
      const result = await port.call(method, args, options);
      if (result.ok && (method === "openDatabase" || method === "loadGraphModule")) lastOpened = (result.value as { path: string }).path;
      return result;
    },
    listen(event, listener) {
      const entry = { event, listener: listener as (payload: EventPayloads[EventName]) => void, stop: port.listen(event, listener) };
      listeners.add(entry);
      return () => {
        entry.stop?.();
        listeners.delete(entry);
      };
    },
  };
  return {
    client: createClient(transport),
    transport,
    stop() {
      stopping = true;
      child.kill();
    },
  };
}
