/**
 * The Electron host's logic: reading the launch arguments (also a second launch's), remembering the
 * window between launches, and main starting graph hosts for the backend. (Electron itself cannot run
 * here: the broker's glue runs against a mocked `electron`; the IPC host's checks go through the same
 * dispatch() the web host tests cover.)
 */
import { EventEmitter } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseLaunchArgs } from "../electron/main/args.ts";
import { brokerGraphHosts } from "../electron/main/graph-hosts.ts";
import { DEFAULT_WINDOW_STATE, loadWindowState, saveWindowState } from "../electron/main/window-state.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), "chronograph-window-"));
  dirs.push(dir);
  return join(dir, "window-state.json");
};

describe("launch arguments", () => {
  it("takes the first plain argument as the database and --graph as its module, resolved against the folder", () => {
    expect(parseLaunchArgs(["runs.db", "--graph", "src/graph.ts"], "/home/me/work")).toEqual({ file: "/home/me/work/runs.db", graph: "/home/me/work/src/graph.ts" });
    expect(parseLaunchArgs(["--allow-file-access-from-files", "--graph=/abs/g.ts", "/data/a.db", "/data/b.db"], "/x")).toEqual({ file: "/data/a.db", graph: "/abs/g.ts" });
    expect(parseLaunchArgs([], "/x")).toEqual({});
    expect(parseLaunchArgs(["/repo/examples/demo.db", "--demo"], "/x")).toEqual({ file: "/repo/examples/demo.db", demo: true });
  });
});

describe("window state", () => {
  const screen = { x: 0, y: 0, width: 1920, height: 1080 };

  it("remembers size, position and maximized state", () => {
    const file = tempFile();
    saveWindowState(file, { x: 100, y: 80, width: 1200, height: 800, maximized: true });
    expect(loadWindowState(file, [screen])).toEqual({ x: 100, y: 80, width: 1200, height: 800, maximized: true });
  });

  it("opens at the default when the file is missing or damaged, and on screen when the old position is off every display", () => {
    const file = tempFile();
    expect(loadWindowState(file, [screen])).toEqual(DEFAULT_WINDOW_STATE);
    writeFileSync(file, "{ broken");
    expect(loadWindowState(file, [screen])).toEqual(DEFAULT_WINDOW_STATE);
    saveWindowState(file, { x: 5000, y: 3000, width: 1000, height: 700, maximized: false });
    expect(loadWindowState(file, [screen])).toEqual({ width: 1000, height: 700, maximized: false });
  });
});

/** A stand-in for Electron's UtilityProcess: records what is posted to it, and what kills it. */
class FakeProcess extends EventEmitter {
  readonly posted: { message: unknown; ports: unknown[] }[] = [];
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  killed = false;
  postMessage(message: unknown, ports: unknown[] = []) {
    this.posted.push({ message, ports });
  }
  kill() {
    this.killed = true;
    return true;
  }
}

const electron = vi.hoisted(() => ({ forks: [] as { entry: string; args: string[]; options: unknown; host: unknown }[], next: null as unknown }));
vi.mock("electron", () => ({
  utilityProcess: {
    fork(entry: string, args: string[], options: unknown) {
      const host = electron.next;
      electron.forks.push({ entry, args, options, host });
      return host;
    },
  },
  MessageChannelMain: class {
    port1 = { name: "port1" };
    port2 = { name: "port2" };
  },
}));

describe("main starts graph hosts for the backend", () => {
  const ENTRY = "/app/out/core/debugger/graph-host/child.js";
  const setup = () => {
    electron.forks.length = 0;
    const backend = new FakeProcess();
    brokerGraphHosts(backend as never, ENTRY);
    return backend;
  };
  const startHost = (backend: FakeProcess, id: number) => {
    const host = new FakeProcess();
    electron.next = host;
    backend.emit("message", { type: "graph-host:start", id });
    return host;
  };

  it("forks only its known entry as a utility process and hands each side one end of a fresh channel", () => {
    const backend = setup();
    const host = startHost(backend, 1);
    expect(electron.forks).toEqual([{ entry: ENTRY, args: [], options: { serviceName: "Chronograph graph host", stdio: "pipe" }, host }]);
    expect(host.posted).toEqual([{ message: { type: "graph-host:port" }, ports: [{ name: "port1" }] }]);
    expect(backend.posted).toEqual([{ message: { type: "graph-host:started", id: 1 }, ports: [{ name: "port2" }] }]);
  });

  it("forwards the host's stderr lines and its exit code to the backend", async () => {
    const backend = setup();
    const host = startHost(backend, 4);
    host.stderr.write("TypeError: boom\n");
    await vi.waitFor(() => expect(backend.posted.map((post) => post.message)).toContainEqual({ type: "graph-host:stderr", id: 4, line: "TypeError: boom" }), { timeout: 5000 });
    host.emit("exit", 5);
    expect(backend.posted.at(-1)!.message).toEqual({ type: "graph-host:exit", id: 4, code: 5 });
  });

  it("refuses a request naming a path or with a bad id, kills on request, and kills every host when the backend exits", () => {
    const backend = setup();
    backend.emit("message", { type: "graph-host:start", id: 1, entry: "/tmp/evil.js" });
    backend.emit("message", { type: "graph-host:start", id: -1 });
    backend.emit("message", { type: "call", id: 1, method: "listThreads", args: {} });
    expect(electron.forks).toEqual([]);
    const first = startHost(backend, 1);
    const second = startHost(backend, 2);
    backend.emit("message", { type: "graph-host:kill", id: 1 });
    expect([first.killed, second.killed]).toEqual([true, false]);
    backend.emit("exit", 0);
    expect(second.killed).toBe(true);
  });
});
