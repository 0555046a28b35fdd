/**
 * The main process starts graph hosts for the backend (the packaged app's runAsNode fuse is off, and
 * only main may call utilityProcess.fork): on the backend's "graph-host:start" it forks the one graph
 * host entry it knows, hands each side one end of a fresh MessageChannel, forwards the host's stderr
 * lines and exit code, and kills hosts on request or when the backend goes. The decisions (what is a
 * valid request, the cap on live hosts) are core/debugger/graph-host/broker.ts's.
 */
import { createInterface } from "node:readline";
import { MessageChannelMain, utilityProcess, type UtilityProcess } from "electron";
import { GraphHostBroker, type BrokerNotice } from "../../core/debugger/graph-host/broker.ts";

/** Serve `backend`'s graph host requests, starting only `entry`. */
export function brokerGraphHosts(backend: UtilityProcess, entry: string): GraphHostBroker {
  const broker: GraphHostBroker = new GraphHostBroker({
    notify: (notice) => backend.postMessage(notice),
    fork(id) {
      const host = utilityProcess.fork(entry, [], { serviceName: "Chronograph graph host", stdio: "pipe" });
      const { port1, port2 } = new MessageChannelMain();
      host.postMessage({ type: "graph-host:port" }, [port1]);
      backend.postMessage({ type: "graph-host:started", id } satisfies BrokerNotice, [port2]);
      host.stdout?.pipe(process.stdout);
      if (host.stderr) createInterface({ input: host.stderr }).on("line", (line) => backend.postMessage({ type: "graph-host:stderr", id, line } satisfies BrokerNotice));
      host.once("exit", (code) => broker.exited(id, code));
      return { kill: () => void host.kill() };
    },
  });
  backend.on("message", (message) => void broker.handle(message));
  backend.once("exit", () => broker.killAll());
  return broker;
}
