/**
 * `inspect` pages through a long LangGraph thread (listCheckpointIds, then listCheckpointViewsByIds a page
 * at a time) instead of decoding it whole. What it prints must be what the whole read prints: the same
 * document, byte for byte, with --thread, --limit and every --values mode, on the LangGraph.js fixtures, the
 * Python scenario and a generated 640-checkpoint thread (langgraph-samples.ts) (several pages, so pages meet at parents).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inspectDatabase, type InspectOptions } from "../../core/interop/inspect.ts";
import { LangGraphSource } from "../../core/interop/langgraph/source.ts";
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
