/**
 * The Tasks tab's statuses on real LangGraph.js histories: a step that completed shows its tasks done
 * (never "waits for the step to complete"), a retried task shows one status, and a failed fan-out leads
 * with the task that failed; Send tasks carry their argument.
 */
import { describe, expect, it } from "vitest";
import { LangGraphSource } from "../../core/interop/langgraph/source.ts";
import { failureHeadline, taskStatus } from "../../renderer/model/task-status.ts";
import { FIXTURES } from "./helpers.ts";
import { join } from "node:path";

async function views(fixture: string, threadId: string) {
  const source = await LangGraphSource.open(join(FIXTURES, fixture));
  try {
    return await source.listCheckpointViews({ threadId, namespace: "" });
  } finally {
    await source.close();
  }
}

describe("task status on LangGraph.js fixtures", () => {
  it("parallel-fanout, failed once then resumed: every task of a completed step is done, the retried one once", async () => {
    const all = await views("parallel-fanout.sqlite", "fanout-news-fails-once");
    const fanout = all.find((view) => view.tasks.some((task) => task.name === "fetch_news"))!;
    const statuses = Object.fromEntries(fanout.tasks.map((task) => [task.name, taskStatus(task)]));
    expect(statuses.fetch_news).toEqual({ kind: "done", label: "done, after a failed attempt", failedBefore: true });
    expect(statuses.fetch_weather!.kind).toBe("done");
    for (const view of all) for (const task of view.tasks) expect(taskStatus(task).label).not.toMatch(/waits for the step/);
  });

  it("parallel-fanout, unresumed: the failure leads, the finished siblings wait for the step", async () => {
    const all = await views("parallel-fanout.sqlite", "fanout-news-fails-unresumed");
    const fanout = all.find((view) => view.errors.length > 0)!;
    expect(failureHeadline(fanout.errors, fanout.tasks)).toEqual({ names: ["fetch_news"], message: "news feed for Porto returned malformed JSON" });
    expect(fanout.tasks.map((task) => [task.name, taskStatus(task).kind])).toEqual([
      ["fetch_weather", "finished"],
      ["fetch_news", "failed"],
      ["fetch_stocks", "finished"],
    ]);
  });
});
