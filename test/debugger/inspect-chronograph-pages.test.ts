/**
 * `inspect` walks a long thread of a Chronograph file by its ids (listCheckpointIds, from the light read), one
 * checkpoint read at a time, instead of listing every checkpoint's entry first. What it prints must be what
 * the whole read prints, byte for byte, with --thread, --limit and every --values mode, on a generated file
 * with a 300-checkpoint thread.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chronographTemplate, writeChronographFile } from "../../bench/generate-chronograph.ts";
import { ChronographSource } from "../../core/debugger/chronograph-source.ts";
import { inspectDatabase, type InspectOptions } from "../../core/interop/inspect.ts";
import { tempDir } from "../interop/helpers.ts";
import { wholeReadsOnly } from "../support/whole-reads.ts";

let temp: { dir: string; cleanup: () => void };
let file: string;

beforeAll(async () => {
  temp = tempDir("chronograph-inspect-chronograph-pages-");
  file = join(temp.dir, "long.sqlite");
  await writeChronographFile(file, await chronographTemplate(1), { threads: 3, long: 300 });
}, 120_000);
afterAll(() => temp?.cleanup());

const OPTIONS: InspectOptions[] = [{}, { limit: 1 }, { limit: 150 }, { values: "changed" }, { values: "none", limit: 3 }, { threadId: "long-thread", values: "changed", limit: 250 }];

describe("inspect of a Chronograph file, by checkpoint ids", () => {
  it.each(OPTIONS)("prints what the whole read prints (%j)", async (options) => {
    const source = await ChronographSource.open(file);
    try {
      const paged = await inspectDatabase(source, options);
      expect(JSON.stringify(paged, null, 2)).toBe(JSON.stringify(await inspectDatabase(wholeReadsOnly(source), options), null, 2));
      const long = paged.threads.find((thread) => thread.threadId === "long-thread")!;
      expect(long.checkpoints.length).toBe(options.limit === undefined ? 300 : Math.min(options.limit, 300));
    } finally {
      await source.close();
    }
  }, 120_000);

  it("lists a thread's ids newest first, as its entries are", async () => {
    const source = await ChronographSource.open(file);
    try {
      const key = { threadId: "long-thread", namespace: "" };
      const ids = await source.listCheckpointIds(key);
      expect(ids).toEqual((await source.listCheckpoints(key)).map((entry) => entry.checkpointId));
      await expect(source.listCheckpointIds({ threadId: "no-such-thread", namespace: "" })).rejects.toMatchObject({ code: "THREAD_NOT_FOUND" });
    } finally {
      await source.close();
    }
  }, 120_000);
});
