/**
 * The whole-thread reads of a long LangGraph thread decode no more than they need: the whole timeline is laid
 * out from the history without values (history-window.ts lightTimeline), and channel versions ("why did this
 * node run") are read a few ancestors at a time through the skeleton. Differential: on every LangGraph.js
 * fixture, the Python scenario and a generated long thread, the answers equal the whole decoded history's,
 * and on the long thread the checkpoints decoded are counted.
 */
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckpointEntry, CheckpointVersions, ThreadKey } from "../../core/api/types.ts";
import { ancestry, enoughHistory, explainTask } from "../../core/debugger/why-ran.ts";
import { lightTimeline, SkeletonWindow } from "../../core/interop/langgraph/history-window.ts";
import type { NamespaceHistory } from "../../core/interop/langgraph/history.ts";
import { readLightHistory, readSkeleton, TEXT_BYTES } from "../../core/interop/langgraph/skeleton.ts";
import { openRawDatabase } from "../../core/storage/sqlite/raw.ts";
import { LangGraphSource } from "../../core/interop/langgraph/source.ts";
import type { RawDatabase } from "../../core/storage/sqlite/raw.ts";
import { tempDir } from "./helpers.ts";
import { langGraphSamples } from "./langgraph-samples.ts";

let temp: { dir: string; cleanup: () => void };
let files: string[] = [];
const LONG = 600;

beforeAll(async () => {
  temp = tempDir("chronograph-long-reads-");
  files = await langGraphSamples(temp.dir, LONG);
}, 120_000);
afterAll(() => temp?.cleanup());

/** From now on, counts the checkpoint rows read with their values (whole reads, windows, heavy rows), and the light reads. */
function countDecoded(db: RawDatabase): { checkpoints: () => number; lightReads: () => number; largestLightRead: () => number } {
  const all = db.all.bind(db);
  let checkpoints = 0;
  let lightReads = 0;
  let largest = 0;
  db.all = ((sql: string, ...params: unknown[]) => {
    const rows = all(sql, ...params);
    if (/checkpoint, metadata\s+FROM checkpoints/.test(sql)) checkpoints += rows.length;
    if (sql.includes("AS light")) {
      lightReads += 1;
      largest = Math.max(largest, rows.length);
    }
    return rows;
  }) as typeof db.all;
  return { checkpoints: () => checkpoints, lightReads: () => lightReads, largestLightRead: () => largest };
}

/** A window reader over the thread's skeleton, whatever its length (the reader itself reads short threads whole). */
function skeletonWindow(source: LangGraphSource, key: ThreadKey): SkeletonWindow {
  return new SkeletonWindow(source.database, readSkeleton(source.database, key.threadId, key.namespace, source.dialect)!, () => source.views(key), () => source.views(key).graph());
}

/** The thread's timeline rows, newest first, as the whole decoded history gives them (the slow path). */
function wholeEntries(source: LangGraphSource, key: ThreadKey): CheckpointEntry[] {
  const views = source.views(key);
  return [...views.history.ordered].reverse().map((checkpoint) => views.entry(checkpoint));
}

/** The channel versions of a checkpoint as the whole decoded history gives them (the slow path). */
function wholeVersions(source: LangGraphSource, key: ThreadKey): (id: string) => CheckpointVersions {
  return (id) => {
    const views = source.views(key);
    return views.versions(views.history.byId.get(id)!);
  };
}

/** The generated file's long thread, opened twice: `source` under test and `whole`, the whole-history oracle. */
async function withLongThread(test: (source: LangGraphSource, whole: LangGraphSource, key: ThreadKey) => Promise<void>): Promise<void> {
  const file = files.at(-1)!;
  const whole = await LangGraphSource.open(file);
  const source = await LangGraphSource.open(file);
  try {
    await test(source, whole, { threadId: "long-thread", namespace: "" });
  } finally {
    await source.close();
    await whole.close();
  }
}

/** Runs `test` on every thread of every sample file (of the generated file's short threads, the first); returns how many rows they hold. */
async function forEveryThread(test: (source: LangGraphSource, key: ThreadKey, label: string) => void): Promise<number> {
  let rows = 0;
  for (const file of files) {
    const source = await LangGraphSource.open(file);
    try {
      for (const key of await source.threadKeys()) {
        if (key.threadId.startsWith("thread-") && key.threadId !== "thread-1") continue;
        test(source, key, `${file} ${key.threadId}|${key.namespace}`);
        rows += source.views(key).history.ordered.length;
      }
    } finally {
      await source.close();
    }
  }
  return rows;
}

describe("long LangGraph threads read whole", () => {
  it("every thread's timeline laid out without values equals the whole history's rows", async () => {
    const rows = await forEveryThread((source, key, label) => {
      const light = lightTimeline(readLightHistory(source.database, key.threadId, key.namespace, source.dialect, true)!);
      expect(light, label).toEqual(wholeEntries(source, key));
    });
    expect(rows).toBeGreaterThan(LONG);
  });

  it("a long thread's whole timeline decodes no checkpoint's values and equals the whole history's", async () => {
    await withLongThread(async (source, whole, key) => {
      const decoded = countDecoded(source.database);
      const timeline = await source.listCheckpoints(key);
      expect(timeline.length).toBe(LONG);
      expect(decoded.checkpoints()).toBe(0);
      expect(decoded.lightReads()).toBe(1);
      expect(timeline).toEqual(wholeEntries(whole, key));
      // Kept until the file changes: asked again, nothing is read.
      expect(await source.listCheckpoints(key)).toEqual(timeline);
      expect(decoded.lightReads()).toBe(1);
    });
  });

  it("every thread's timeline laid out a window at a time over its skeleton equals the whole history's rows", async () => {
    const rows = await forEveryThread((source, key, label) => {
      expect(skeletonWindow(source, key).timeline(), label).toEqual(wholeEntries(source, key));
    });
    expect(rows).toBeGreaterThan(LONG);
  });

  it("the whole timeline of a long thread on screen is read a window at a time, without values", async () => {
    await withLongThread(async (source, whole, key) => {
      await source.listSkeleton(key);
      const decoded = countDecoded(source.database);
      expect(await source.listCheckpoints(key)).toEqual(wholeEntries(whole, key));
      expect(decoded.checkpoints()).toBe(0);
      // Each read holds a window (400 checkpoints with their parents and grandparents), never the thread's 600.
      expect(decoded.largestLightRead()).toBeGreaterThan(0);
      expect(decoded.largestLightRead()).toBeLessThan(LONG);
    });
  });

  it("every checkpoint's channel versions read through the skeleton equal the whole history's", async () => {
    const rows = await forEveryThread((source, key, label) => {
      const expected = wholeVersions(source, key);
      // Every thread through its skeleton (the reader itself reads short threads whole), newest first as a walk back goes.
      const window = skeletonWindow(source, key);
      for (const { checkpointId } of wholeEntries(source, key)) expect(window.versions(checkpointId), `${label} ${checkpointId}`).toEqual(expected(checkpointId));
      expect(window.versions("no-such-checkpoint")).toBeUndefined();
    });
    expect(rows).toBeGreaterThan(LONG);
  });

  it("why a node ran at a long thread's newest checkpoints reads a few ancestors, not the thread, and answers as the whole history does", async () => {
    await withLongThread(async (source, whole, key) => {
      const expected = wholeVersions(whole, key);
      const oracle = { getVersions: async (_thread: ThreadKey, id: string) => expected(id) } as unknown as LangGraphSource;
      const ids = (await whole.listCheckpointIds(key)).slice(0, 12);
      const nodes = [...whole.views(key).history.nodes];
      expect(nodes.length).toBeGreaterThan(1);
      const decoded = countDecoded(source.database);
      let explained = 0;
      for (const id of ids) {
        const view = await whole.getCheckpoint(key, id);
        for (const node of nodes) {
          const chain = await ancestry(source, key, id, (read) => enoughHistory(node, read));
          const wholeChain = await ancestry(oracle, key, id, (read) => enoughHistory(node, read));
          expect(chain, `${id} ${node}`).toEqual(wholeChain);
          const answer = explainTask(node, chain, view.next.includes(node));
          expect(answer).toEqual(explainTask(node, wholeChain, view.next.includes(node)));
          if (answer.lastRanAtStep !== null) explained += 1;
        }
      }
      expect(explained).toBeGreaterThan(0);
      // A dozen checkpoints and their short chains: well under the thread's 600 (a whole read decodes every one).
      expect(decoded.checkpoints()).toBeLessThan(60);
      expect(decoded.checkpoints()).toBeGreaterThan(0);
      await expect(source.getVersions(key, "no-such-checkpoint")).rejects.toMatchObject({ code: "CHECKPOINT_NOT_FOUND", message: expect.stringContaining('"no-such-checkpoint"') });
    });
  });
});

/** Checkpoints of a thread the light read meets rarely: joins (any case), a "__proto__" channel, Send packets, format 3, metadata.writes, bad JSON. */
const ODD_ROWS: Array<[checkpoint: string, metadata: string]> = [
  [`{"v":4,"ts":"2024-01-01T00:00:00.000Z","channel_values":{"__proto__":1,"JOIN:a+b:c":["a"],"join:x:y":null,"branch:to:c":null},"channel_versions":{"__proto__":1,"JOIN:a+b:c":2,"branch:to:c":"3.0"},"versions_seen":{"c":{"branch:to:c":1},"__input__":{}}}`, `{"source":"input","step":-1,"run_id":"r1"}`],
  [`{"v":4,"ts":"not a time","channel_values":{"__pregel_tasks":[{"lg_name":"Send","node":"c","args":1}]},"channel_versions":{"__pregel_tasks":1},"versions_seen":{}}`, `{"source":"loop","step":2.0}`],
  [`{"v":3,"ts":"2024-01-01T00:00:01.000Z","channel_values":{"a":1},"channel_versions":{"a":2},"versions_seen":{"c":{"a":1}},"pending_sends":[]}`, `{"source":{"x":1},"step":"3","writes":{"c":{"a":1}}}`],
  [`{"v":4,"channel_values":[1,2],"channel_versions":[],"versions_seen":null}`, `["not","an","object"]`],
  [`{"v":4,"channel_values":{"a":{"$delta_snapshot":true}},"channel_versions":{"a":1}}`, `{"source":"update","step":4,"parents":{}}`],
  [`{"v": 4, "channel_values": {}, "channel_versions": {"a": 1},`, `{"source":"loop","step":5}`],
  [`{"v":4,"ts":"2024-01-01T00:00:02.000Z","channel_values":{"a":null},"channel_versions":{"a":3},"versions_seen":{"c":{"a":2}}}`, `null`],
  [`{"v":4,"ts":"2024-01-01T00:00:03.000Z","channel_values":{"a":null},"channel_versions":{"a":4},"versions_seen":{}}`, `{"source":"loop","step":6,"writes":{"d":{"a":2}}}`],
];

/** A copy of `file` with a thread "odd" of ODD_ROWS; `pad`: every row's JSON grown past TEXT_BYTES (metadata.pad), so SQLite's JSON functions read it. */
function oddCopy(file: string, pad: boolean): string {
  const copy = file.replace(/\.sqlite$/, pad ? "-padded.sqlite" : "-odd.sqlite");
  const source = new Database(file, { readonly: true });
  source.exec(`VACUUM INTO '${copy}'`);
  source.close();
  const db = new Database(copy);
  const insert = db.prepare("INSERT INTO checkpoints (thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, type, checkpoint, metadata) VALUES ('odd', '', ?, ?, 'json', ?, ?)");
  ODD_ROWS.forEach(([checkpoint, metadata], index) => insert.run(`odd-${index}`, index === 0 ? null : `odd-${index - 1}`, Buffer.from(checkpoint), Buffer.from(metadata)));
  if (pad) {
    const padding = "x".repeat(TEXT_BYTES + 1);
    db.prepare("UPDATE checkpoints SET metadata = CAST(json_set(CAST(metadata AS TEXT), '$.pad', ?) AS BLOB) WHERE typeof(metadata) = 'blob' AND json_valid(CAST(metadata AS TEXT)) AND json_type(CAST(metadata AS TEXT)) = 'object'").run(padding);
    db.prepare("UPDATE checkpoints SET metadata = json_set(metadata, '$.pad', ?) WHERE typeof(metadata) = 'text' AND json_valid(metadata) AND json_type(metadata) = 'object'").run(padding);
  }
  db.close();
  return copy;
}

/** A light history's checkpoints and writes, without the padding (a row decoded whole keeps its metadata). */
function lightFacts(history: NamespaceHistory | null): unknown {
  if (!history) return null;
  const checkpoints = history.ordered.map(({ metadata: { pad: _pad, ...metadata }, ...checkpoint }) => ({ ...checkpoint, metadata }));
  return { checkpoints, writes: [...history.writes], nodes: [...history.nodes], triggers: [...history.triggers] };
}

describe("the light read of small rows", () => {
  it("parses small rows' JSON in JavaScript to the same light checkpoints SQLite's JSON functions read from bigger ones", async () => {
    let compared = 0;
    for (const file of files) {
      const small = openRawDatabase(oddCopy(file, false));
      const padded = openRawDatabase(oddCopy(file, true));
      try {
        const threads = small.all<{ thread_id: string; checkpoint_ns: string }>("SELECT DISTINCT thread_id, checkpoint_ns FROM checkpoints");
        const dialect = file.endsWith("python.sqlite") ? ("py" as const) : ("js" as const);
        for (const { thread_id: threadId, checkpoint_ns: namespace } of threads) {
          for (const routes of [false, true]) {
            const read = readLightHistory(small, threadId, namespace, dialect, routes);
            expect(lightFacts(read), `${file} ${threadId}|${namespace}`).toEqual(lightFacts(readLightHistory(padded, threadId, namespace, dialect, routes)));
            compared += read?.ordered.length ?? 0;
          }
        }
        // The odd rows' facts are read from them: the join's node, the Send packet's, metadata.writes'.
        const odd = readLightHistory(small, "odd", "", dialect)!;
        expect(odd.ordered.map((checkpoint) => checkpoint.id)).toEqual(ODD_ROWS.map((_, index) => `odd-${index}`));
        expect([...odd.nodes]).toEqual(expect.arrayContaining(["c"]));
        expect(odd.ordered[0]!.channelValues).toEqual({ ["__proto__"]: null, "JOIN:a+b:c": ["a"], "join:x:y": null, "branch:to:c": null });
        expect(odd.ordered[1]!.step).toBe(2);
      } finally {
        small.close();
        padded.close();
      }
    }
    expect(compared).toBeGreaterThan(LONG);
  });
});
