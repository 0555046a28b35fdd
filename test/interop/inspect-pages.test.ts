/**
 * `inspect` pages through a long LangGraph thread (listCheckpointIds, then listCheckpointViewsByIds a page
 * at a time) instead of decoding it whole. What it prints must be what the whole read prints: the same
 * document, byte for byte, with --thread, --limit and every --values mode, on the LangGraph.js fixtures, the
 * Python scenario and a generated 640-checkpoint thread (langgraph-samples.ts) (several pages, so pages meet at parents).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inspectDatabase, type InspectOptions } from "../../core/interop/inspect.ts";
import { HistoryCache } from "../../core/interop/langgraph/history-cache.ts";
import { NamespaceHistory } from "../../core/interop/langgraph/history.ts";
import { SkeletonWindows } from "../../core/interop/langgraph/history-window.ts";
import { LangGraphSource } from "../../core/interop/langgraph/source.ts";
import { countSqlReads } from "../support/sql-reads.ts";
import { wholeReadsOnly } from "../support/whole-reads.ts";
import { tempDir } from "./helpers.ts";
import { langGraphSamples } from "./langgraph-samples.ts";

let temp: { dir: string; cleanup: () => void };
const files: string[] = [];

beforeAll(async () => {
  temp = tempDir("chronograph-inspect-pages-");
  files.push(...(await langGraphSamples(temp.dir, 640)));
}, 120_000);
afterAll(() => temp?.cleanup());

const OPTIONS: InspectOptions[] = [{}, { limit: 1 }, { limit: 150 }, { values: "changed" }, { values: "none", limit: 3 }, { threadId: "long-thread", values: "changed", limit: 250 }, { threadId: "py-review" }];

describe("inspect, page by page", () => {
  it.each(OPTIONS)("prints what the whole read prints (%j)", async (options) => {
    let checkpoints = 0;
    for (const file of files) {
      const source = await LangGraphSource.open(file);
      try {
        const paged = JSON.stringify(await inspectDatabase(source, options), null, 2);
        const whole = JSON.stringify(await inspectDatabase(wholeReadsOnly(source), options), null, 2);
        expect(paged, file).toBe(whole);
        checkpoints += (paged.match(/"checkpointId"/g) ?? []).length;
      } finally {
        await source.close();
      }
    }
    expect(checkpoints).toBeGreaterThan(0);
  }, 120_000);
});

describe("inspect's pages keep nothing for the graph", () => {
  it("reading a long thread's pages lets the light read go; opening its timeline keeps it for the graph, which takes it", async () => {
    const file = files.at(-1)!; // the generated file: "long-thread" has 640 checkpoints
    const source = await LangGraphSource.open(file);
    try {
      const db = source.database;
      const lightReads = countSqlReads(db, (sql) => sql.includes("AS light"));
      const windows = new SkeletonWindows(db, new HistoryCache(db, file, (threadId, namespace) => NamespaceHistory.load(db, threadId, namespace, source.dialect)), () => source.dialect);
      const key = { threadId: "long-thread", namespace: "" };
      const ids = windows.ids(key);
      expect(ids.length).toBeGreaterThan(256);
      // inspect: page after page, the skeleton read once and its light read not kept.
      const pages = [ids.slice(0, 100), ids.slice(100, 200), ids.slice(200, 300)];
      for (const page of pages) {
        expect(windows.views(key, page).map((view) => view.checkpointId)).toEqual(page);
        expect(windows.keptLightRead).toBeUndefined();
      }
      expect(lightReads()).toBe(1);
      // The graph is still the whole namespace's (read again, as nothing was kept).
      const graph = windows.graph(key);
      expect(graph.view.nodes.length).toBeGreaterThan(0);
      expect(lightReads()).toBe(2);
      // A timeline (of() as the debugger opens it) keeps the read for the graph asked for next.
      windows.clear();
      windows.of(key);
      expect(windows.keptLightRead).toEqual(key);
      expect(windows.graph(key)).toEqual(graph);
      expect(windows.keptLightRead).toBeUndefined();
      expect(lightReads()).toBe(3);
    } finally {
      await source.close();
    }
  }, 120_000);
});
