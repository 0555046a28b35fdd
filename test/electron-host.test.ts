/**
 * The Electron host's logic that needs no Electron: reading the launch arguments (also a second
 * launch's) and remembering the window between launches. (Electron itself cannot run here; the IPC
 * host's checks go through the same dispatch() the web host tests cover.)
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseLaunchArgs } from "../electron/main/args.ts";
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
