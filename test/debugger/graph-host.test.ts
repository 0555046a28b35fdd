/**
 * The graph host on its own: a module is imported in a child process and only data comes back; a
 * module that never finishes loading is killed and named; a module that exits while loading is named.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { runInGraphHost } from "../../core/debugger/graph-host/host.ts";
import { GRAPHS_MODULE } from "./fixtures.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "chronograph-graph-host-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it("describes a module's graphs as plain data, and this process never imports the module", async () => {
  const module = join(dir, "graphs.mts");
  writeFileSync(module, `${GRAPHS_MODULE}\nglobalThis.__importedHere = true;\n`);
  const found = await runInGraphHost({ kind: "load", path: module });
  expect(found.map((graph) => graph.name).sort()).toEqual(["review", "ticker"]);
  const review = found.find((graph) => graph.name === "review")!;
  expect(review).toMatchObject({ file: module, exportName: "reviewGraph", topologyHash: expect.stringMatching(/\w+/) });
  expect(review.description.nodes.map((node) => node.name)).toEqual(["research", "approve", "publish"]);
  expect((globalThis as { __importedHere?: boolean }).__importedHere).toBeUndefined();
});

it("kills a module that never finishes loading and names it", async () => {
  const module = join(dir, "forever.mts");
  writeFileSync(module, "await new Promise(() => setInterval(() => {}, 1000));\nexport {};\n");
  await expect(runInGraphHost({ kind: "load", path: module }, { loadTimeoutMs: 1500 })).rejects.toMatchObject({
    code: "GRAPH_MODULE",
    message: expect.stringMatching(/forever\.mts.*did not finish loading/),
  });
});

it("names a module whose process exits while it loads", async () => {
  const module = join(dir, "quits.mts");
  writeFileSync(module, "process.exit(5);\nexport {};\n");
  await expect(runInGraphHost({ kind: "load", path: module })).rejects.toMatchObject({
    code: "GRAPH_PROCESS",
    message: expect.stringMatching(/quits\.mts.*exited with code 5 while loading the module/),
  });
});
