/**
 * A ChronographSaver thread read without rebuilding every checkpoint's state (light.ts): the timeline
 * rows, the skeleton, the inferred graph, windows of full views and single checkpoints equal what the
 * whole decoded history gives, on a SQLite file and on a real PostgreSQL server, for 300 threads of
 * replayed LangGraph.js runs (interrupts, resumes, an updateState fork, a Send fan-out, a subgraph, a failure).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ThreadKey } from "../../core/api/types.ts";
import { openDatabase } from "../../core/debugger/sources.ts";
import { SaverPgSource } from "../../core/interop/chronograph-saver/pg-source.ts";
import { SaverSource } from "../../core/interop/chronograph-saver/source.ts";
import type { HistoryViews } from "../../core/interop/langgraph/views.ts";
import { ChronographSaver } from "../../core/langgraph-saver/index.ts";
import { dropSchema, freshSchema, postgresUrl } from "../postgres/server.ts";
import { recordTemplates, writeThreads } from "./saver-threads.ts";

const THREADS = 300;
const folder = mkdtempSync(join(tmpdir(), "chronograph-saver-light-"));
const file = join(folder, "threads.db");
const schema = freshSchema("saverlight");
let templates: Awaited<ReturnType<typeof recordTemplates>>;

beforeAll(async () => {
  templates = await recordTemplates(3, 1);
}, 60_000);

afterAll(async () => {
  rmSync(folder, { recursive: true, force: true });
  await dropSchema(schema);
});

type Reader = SaverSource | SaverPgSource;

function agreesWithWholeReads(open: () => Promise<Reader>) {
  let source: Reader;
  let keys: ThreadKey[];
  beforeAll(async () => {
    source = await open();
    keys = await source.threadKeys();
  }, 120_000);
  afterAll(() => source?.close());

  const whole = (key: ThreadKey): Promise<HistoryViews> => Promise.resolve(source.views(key));

  it("lists every namespace's timeline, skeleton and graph as the whole history does", async () => {
    expect(keys.length).toBeGreaterThan(THREADS);
    let checkpoints = 0;
    for (const key of keys) {
      const views = await whole(key);
      const entries = [...views.history.ordered].reverse().map((checkpoint) => views.entry(checkpoint));
      checkpoints += entries.length;
      expect(await source.listCheckpoints(key)).toEqual(entries);
      expect(await source.listSkeleton(key)).toEqual(entries.map(({ writers: _w, durationMs: _d, ...rest }) => rest));
      expect(await source.listCheckpointIds(key)).toEqual(entries.map((entry) => entry.checkpointId));
      expect(await source.listCheckpointsPage(key, { limit: 3 })).toEqual(entries.slice(0, 3));
      expect(await source.getGraph(key)).toEqual(views.graphView());
    }
    expect(checkpoints).toBeGreaterThan(1_000);
  }, 240_000);

  it("gives windows of full views and single checkpoints as the whole history does", async () => {
    for (const key of keys.filter((_, index) => index % 3 === 0)) {
      const views = await whole(key);
      const all = [...views.history.ordered].reverse();
      const expected = all.map((checkpoint) => views.view(checkpoint));
      for (let start = 0; start < all.length; start += 4) {
        const ids = all.slice(start, start + 4).map((checkpoint) => checkpoint.id);
        expect(await source.listCheckpointViewsByIds(key, [...ids, "missing"])).toEqual(expected.slice(start, start + 4));
      }
      const middle = all[Math.floor(all.length / 2)]!;
      expect(await source.getCheckpoint(key, middle.id)).toEqual(views.view(middle));
    }
    await expect(source.getCheckpoint(keys[0]!, "missing")).rejects.toMatchObject({ code: "CHECKPOINT_NOT_FOUND", message: expect.stringContaining(keys[0]!.threadId) });
    await expect(source.listSkeleton({ threadId: "nobody", namespace: "" })).rejects.toMatchObject({ code: "THREAD_NOT_FOUND" });
  }, 240_000);
}

describe("a ChronographSaver SQLite file read light", () => {
  agreesWithWholeReads(async () => {
    const saver = ChronographSaver.open(file);
    await writeThreads(saver, templates, THREADS);
    await saver.close();
    return (await openDatabase(file)).source as SaverSource;
  });
});

describe("ChronographSaver on PostgreSQL read light", () => {
  agreesWithWholeReads(async () => {
    const saver = ChronographSaver.open({ url: postgresUrl(), schema });
    await writeThreads(saver, templates, THREADS, { parallel: 8 });
    await saver.close();
    return (await openDatabase(`${postgresUrl()}${postgresUrl().includes("?") ? "&" : "?"}schema=${schema}`)).source as SaverPgSource;
  });
});
