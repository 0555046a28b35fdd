/**
 * A Send fan-out run by LangGraph.js where one task fails while its siblings are still running: each
 * task shows the Send's argument, and the failed step leads with the task that failed, not with the
 * siblings LangGraph.js aborted because of it.
 */
import { Annotation, END, Send, START, StateGraph } from "@langchain/langgraph";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LangGraphSource } from "../../core/interop/langgraph/source.ts";
import { failureHeadline, rootCauseFirst, taskStatus } from "../../renderer/model/task-status.ts";
import { tempDir } from "./helpers.ts";

let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir();
});
afterEach(() => temp.cleanup());

/** Waits until the run aborts this task (a sibling failed), then throws the abort's reason. */
function untilAborted(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    if (!signal) return reject(new Error("no abort signal was given to the node"));
    if (signal.aborted) return reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason ?? new DOMException("This operation was aborted", "AbortError")), { once: true });
  });
}

describe("a failed Send fan-out", () => {
  it("shows each task's Send argument and leads with the root cause", async () => {
    const file = join(temp.dir, "send-failure.sqlite");
    const saver = SqliteSaver.fromConnString(file);
    const State = Annotation.Root({ items: Annotation<string[]>, results: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }) });
    const graph = new StateGraph(State)
      .addNode("fan", () => ({}))
      .addNode("work", async (arg: { item: string }, config) => {
        if (arg.item === "bad") {
          await Promise.resolve();
          throw new TypeError(`cannot work on ${arg.item}`);
        }
        return untilAborted(config?.signal);
      })
      .addEdge(START, "fan")
      .addConditionalEdges("fan", (state) => state.items.map((item) => new Send("work", { item })))
      .addEdge("work", END)
      .compile({ checkpointer: saver });
    await expect(graph.invoke({ items: ["first", "bad", "last"] }, { configurable: { thread_id: "sends" } })).rejects.toThrow("cannot work on bad");

    const source = await LangGraphSource.open(file);
    try {
      const views = await source.listCheckpointViews({ threadId: "sends", namespace: "" });
      const failed = views.find((view) => view.errors.length > 0)!;
      expect(failed).toBeDefined();
      const work = failed.tasks.filter((task) => task.name === "work");
      expect(work.map((task) => task.arg).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([{ item: "bad" }, { item: "first" }, { item: "last" }]);
      // As stored, an aborted sibling comes first: taking the first error would headline its AbortError.
      expect(failed.tasks.find((task) => task.error)?.error?.name).toBe("AbortError");
      const lead = rootCauseFirst(work)[0]!;
      expect(lead.arg).toEqual({ item: "bad" });
      expect(failureHeadline(failed.errors, failed.tasks).message).toBe("cannot work on bad");
      expect(rootCauseFirst(work).map((task) => [task.arg, taskStatus(task).kind])).toEqual([
        [{ item: "bad" }, "failed"],
        [{ item: "first" }, "aborted"],
        [{ item: "last" }, "aborted"],
      ]);
    } finally {
      await source.close();
    }
  });
});
