/**
 * Run boundaries in the timeline the app reads: the real engine writes two runs on a thread (the first
 * fails, the second resumes), and getTimeline says which run wrote each checkpoint, where run 2 took
 * over, how run 1 ended, and that the failed step was fixed by run 2. A LangGraph.js file whose
 * metadata holds `run_id` gets the same marks; one without gets none.
 */
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CheckpointEntry } from "../../core/api/types.ts";
import { append, END, START, StateGraph } from "../../core/index.ts";
import { SqliteSaver } from "../../core/storage/sqlite/index.ts";
import { createFixture, recordRuns, type Fixture } from "./fixtures.ts";

let fixture: Fixture;
beforeEach(async () => {
  fixture = await createFixture();
});
afterEach(() => fixture.cleanup());

/** Oldest first: "step source run N [+started...] [ended ...] [errors (fixed by N)]". */
function rows(entries: CheckpointEntry[]): string[] {
  return [...entries].reverse().map((entry) => {
    const parts = [String(entry.step), entry.source, entry.run ? `run ${entry.run.number}` : "no run"];
    const started = entry.run?.started;
    if (started) parts.push(`${started.how} after run ${started.previous.number} ${started.previous.end} at ${started.previous.step} (${started.previous.nodes.join(",")})`);
    if (entry.run?.ended) parts.push(`ended ${entry.run.ended}`);
    if (entry.errors.length > 0 && !entry.errorFixed) parts.push(`error in ${entry.errors.join(",")}`);
    if (entry.errorFixed) parts.push(`error in ${entry.errorFixed.nodes.join(",")} fixed by run ${entry.errorFixed.run ?? "?"}`);
    return parts.join(" ");
  });
}

describe("run boundaries in the timeline", () => {
  it("marks the run that resumed a failed thread, how the first run ended, and the error it fixed", async () => {
    const saver = SqliteSaver.open(fixture.db);
    const cms = { down: true };
    const graph = new StateGraph<{ log: string[] }>({ name: "publisher", channels: { log: append<string>() } })
      .addNode("write", () => ({ log: ["write"] }))
      .addNode("publish", () => {
        if (cms.down) throw new Error("CMS unavailable");
        return { log: ["publish"] };
      })
      .addEdge(START, "write").addEdge("write", "publish").addEdge("publish", END)
      .compile({ checkpointer: saver });
    await graph.invoke({ log: [] }, { threadId: "retried" }).catch(() => undefined);
    cms.down = false;
    await graph.invoke(null, { threadId: "retried" });
    await saver.close();

    const { client } = fixture.open();
    await client.openDatabase({ path: fixture.db });
    const timeline = await client.getTimeline({ threadId: "retried" });
    expect(rows(timeline)).toEqual([
      "-1 input run 1",
      "0 loop run 1 ended failed error in publish fixed by run 2",
      "1 loop run 2 resumed after run 1 failed at 0 (publish)",
    ]);
    expect(new Set(timeline.map((entry) => entry.runId)).size).toBe(2);
    // The inspector's view of a checkpoint carries the run id too.
    expect((await client.getCheckpoint({ threadId: "retried", checkpointId: timeline[0]!.checkpointId })).runId).toBe(timeline[0]!.runId);

    // An interrupt answered by a later invoke reads as a wait, not as a crash.
    expect(rows(await client.getTimeline({ threadId: "approved" }))).toEqual([
      "-1 input run 1",
      "0 loop run 1 ended interrupted",
      "1 loop run 2 resumed after run 1 interrupted at 0 (approve)",
      "2 loop run 2",
    ]);
  });

  it("a run started from the app appends rows that already carry their run marks, and windows carry them too", async () => {
    const { client } = fixture.open();
    await client.openDatabase({ path: fixture.db });
    await client.loadGraphModule({ path: fixture.module });
    const runs = recordRuns(client);
    // On screen: the backend holds the thread's timeline and reads only the run's new rows.
    await client.getTimelineWindow({ threadId: "waiting", shape: true });
    const { runId } = await client.startRun({ threadId: "waiting", mode: "resume", resumeValue: "yes" });
    const events = await runs.until(runId);
    expect(events.at(-1)).toMatchObject({ type: "finished" });
    const appended = events.flatMap((event) => (event.type === "checkpoint" && event.entry ? [event.entry] : []));
    // The app's id for the run is the one its checkpoints record.
    expect(appended.map((entry) => entry.runId)).toEqual([runId, runId]);
    expect(appended.map((entry) => [entry.step, entry.run?.number, entry.run?.started?.how, entry.run?.started?.previous.end])).toEqual([
      [1, 2, "resumed", "interrupted"],
      [2, 2, undefined, undefined],
    ]);
    const window = await client.getTimelineWindow({ threadId: "waiting" });
    expect(rows([...window.entries].reverse())).toEqual([
      "-1 input run 1",
      "0 loop run 1 ended interrupted",
      "1 loop run 2 resumed after run 1 interrupted at 0 (approve)",
      "2 loop run 2",
    ]);
  });

  it("reads LangGraph's run_id metadata when present, and shows no runs without it", async () => {
    const file = join(fixture.dir, "linear-retry.sqlite");
    copyFileSync(join(import.meta.dirname, "../fixtures/langgraph-js/linear-retry.sqlite"), file);
    const db = new Database(file);
    // As LangGraph writes it when the config carries run_id: the failed run, then the resume's.
    db.prepare("UPDATE checkpoints SET metadata = CAST(json_set(CAST(metadata AS TEXT), '$.run_id', CASE WHEN json_extract(CAST(metadata AS TEXT), '$.step') <= 1 THEN 'run-a' ELSE 'run-b' END) AS BLOB) WHERE thread_id = 'pipeline-failed-then-resumed'").run();
    db.close();

    const { client } = fixture.open();
    await client.openDatabase({ path: file });
    const resumed = rows(await client.getTimeline({ threadId: "pipeline-failed-then-resumed" }));
    expect(resumed[2]).toMatch(/^1 loop run 1 ended failed error in \w+ fixed by run 2$/);
    expect(resumed[3]).toMatch(/^2 loop run 2 resumed after run 1 failed at 1 \(\w+\)$/);
    expect(rows(await client.getTimeline({ threadId: "pipeline-clean" })).every((row) => row.includes("no run"))).toBe(true);
    // A failure nothing got past stays a plain error.
    expect(rows(await client.getTimeline({ threadId: "pipeline-failed-unresumed" })).at(-1)).toMatch(/^1 loop no run error in \w+$/);
  });
});
