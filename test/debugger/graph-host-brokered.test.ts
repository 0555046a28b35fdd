/**
 * Graph hosts as the packaged Electron app starts them (runAsNode off): the backend asks a broker for a
 * host by id (port-launcher.ts), the broker starts the one known entry (broker.ts), the host runs in
 * its utility-process mode and answers over its port (child.ts). Electron is not available here, so the
 * broker's fork is a Node fork whose parentPort comes from parent-port-shim.mjs; every other piece is
 * the real one, down to a run through createDebuggerService({ launcher }).
 */
import { fork } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createClient } from "../../core/api/client.ts";
import { GraphHostBroker, type BrokerNotice } from "../../core/debugger/graph-host/broker.ts";
import { runInGraphHost } from "../../core/debugger/graph-host/host.ts";
import { createPortLauncher, type HostPort } from "../../core/debugger/graph-host/port-launcher.ts";
import { createInMemoryTransport } from "../../core/debugger/in-memory-transport.ts";
import { createDebuggerService } from "../../core/debugger/service.ts";
import { createFixture, recordRuns, type Fixture } from "./fixtures.ts";

const ENTRY = join(import.meta.dirname, "../../core/debugger/graph-host/child.ts");
const SHIM = join(import.meta.dirname, "parent-port-shim.mjs");

/** A broker whose fork is a Node child in utility-process mode, and the backend's launcher wired to it. */
function brokered(cap = 4) {
  let deliver: (notice: BrokerNotice, port?: HostPort) => void = () => undefined;
  const entries: string[] = [];
  const broker: GraphHostBroker = new GraphHostBroker(
    {
      notify: (notice) => deliver(notice),
      fork(id) {
        entries.push(ENTRY);
        const child = fork(ENTRY, [], { execArgv: ["--import", "tsx", "--import", SHIM], stdio: ["ignore", "inherit", "pipe", "ipc"] });
        createInterface({ input: child.stderr! }).on("line", (line) => deliver({ type: "graph-host:stderr", id, line }));
        child.on("exit", (code) => broker.exited(id, code));
        deliver({ type: "graph-host:started", id }, {
          post: (message) => void (child.connected && child.send(message as object)),
          onMessage: (listener) => void child.on("message", listener),
          onClose: (listener) => void child.on("close", () => listener()),
        });
        return { kill: () => void child.kill("SIGKILL") };
      },
    },
    cap,
  );
  const launcher = createPortLauncher({
    // Requests cross a process boundary in the app: deliver them on a later turn, as a port would.
    post: (request) => void setImmediate(() => broker.handle(request)),
    onNotice: (listener) => void (deliver = listener),
  });
  return { broker, launcher, entries };
}

let fixture: Fixture;
beforeEach(async () => {
  fixture = await createFixture();
});
afterEach(() => fixture.cleanup());

it("loads a module in a brokered host, which main kills once it answered", async () => {
  const { launcher, broker, entries } = brokered();
  const found = await runInGraphHost({ kind: "load", path: fixture.module }, { launcher });
  expect(found.map((graph) => graph.name).sort()).toEqual(["review", "ticker"]);
  expect(entries).toEqual([ENTRY]);
  expect(broker.liveCount).toBe(0);
});

it("names the module and the exit code main reports when a brokered host exits while loading", async () => {
  const module = join(fixture.dir, "quits.mts");
  writeFileSync(module, "process.exit(5);\nexport {};\n");
  const { launcher } = brokered();
  await expect(runInGraphHost({ kind: "load", path: module }, { launcher })).rejects.toMatchObject({
    code: "GRAPH_PROCESS",
    message: expect.stringMatching(/quits\.mts.*exited with code 5 while loading the module/),
  });
});

it("refuses a graph host over the cap with a coded error naming the module, and frees the slot when one ends", async () => {
  const module = join(fixture.dir, "forever.mts");
  writeFileSync(module, "await new Promise(() => setInterval(() => {}, 1000));\nexport {};\n");
  const { launcher } = brokered(1);
  const stop = new AbortController();
  const first = runInGraphHost({ kind: "load", path: module }, { launcher, signal: stop.signal, graceMs: 100 });
  await expect(runInGraphHost({ kind: "load", path: fixture.module }, { launcher })).rejects.toMatchObject({
    code: "GRAPH_PROCESS",
    message: expect.stringMatching(/Could not start the graph process for ".*graphs\.mts": 1 graph hosts are already running/),
  });
  stop.abort();
  await expect(first).rejects.toMatchObject({ code: "RUN_ABORTED", message: expect.stringMatching(/forever\.mts.*was killed after it did not stop in time/) });
  expect((await runInGraphHost({ kind: "load", path: fixture.module }, { launcher })).length).toBe(2);
});

it("replays a thread through createDebuggerService({ launcher }), streaming nodes and checkpoints", async () => {
  const { launcher, entries } = brokered();
  const service = createDebuggerService({ configDir: join(fixture.dir, "config"), pollIntervalMs: 50, busyTimeoutMs: 200, launcher });
  try {
    const client = createClient(createInMemoryTransport(service));
    const runs = recordRuns(client);
    await client.openDatabase({ path: fixture.db });
    await client.loadGraphModule({ path: fixture.module });
    const input = (await client.getTimeline({ threadId: "quick" })).at(-1)!;
    const { runId } = await client.startRun({ threadId: "quick", checkpointId: input.checkpointId, mode: "replay" });
    const events = await runs.until(runId);
    const nodes = events.flatMap((event) => (event.type === "node" ? [`${event.node}:${event.phase}`] : []));
    expect(nodes).toEqual(["research:start", "research:end", "publish:start", "publish:end"]);
    expect(events.filter((event) => event.type === "checkpoint").length).toBe(3);
    expect(events.at(-1)).toMatchObject({ type: "finished", status: "done" });
    expect(entries.length).toBe(2);
  } finally {
    await service.close();
  }
});
