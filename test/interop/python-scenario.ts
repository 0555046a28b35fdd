/**
 * A small Python LangGraph database, byte for byte as the format document describes it: a thread
 * paused at an interrupt (with a subgraph namespace), a thread whose task failed. Shared by the Python
 * reader test and the HistorySource conformance run.
 */
import { py, pyCheckpointId, pyTaskId, pyVersion, writePythonDatabase, type PyCheckpoint, type PyWrite } from "./python-format.ts";

const v = pyVersion;
export const C0 = pyCheckpointId(0, -1);
export const C1 = pyCheckpointId(1, 0);
export const C2 = pyCheckpointId(2, 1);
export const F0 = pyCheckpointId(3, -1);
export const F1 = pyCheckpointId(4, 0);
export const S0 = pyCheckpointId(5, -1);
export const S1 = pyCheckpointId(6, 0);
export const startTask = pyTaskId(C0, "", 0, "__start__", ["__start__"]);
export const gatherTask = pyTaskId(C1, "", 1, "gather", ["branch:to:gather"]);
export const reviewTask = pyTaskId(C2, "", 2, "review", ["branch:to:review"]);
export const failedTask = pyTaskId(F1, "", 1, "gather", ["branch:to:gather"]);
export const SUB = `research:${gatherTask}`;
export const subTask = pyTaskId(S0, SUB, 0, "__start__", ["__start__"]);
export const INTERRUPT_ID = "0f3e1b6c8d2a4e5f9a7b6c5d4e3f2a1b";

const when = py.datetime("2025-03-04T10:15:30.123456+00:00");
const messages = [py.human("Find tides", "h-1"), py.ai("Looking.", "a-1", [{ name: "lookup", args: { q: "tides" }, id: "call_1", type: "tool_call" }])];

export function scenario(): { checkpoints: PyCheckpoint[]; writes: PyWrite[] } {
  const input = (thread: string, id: string): PyCheckpoint => ({
    thread, id, parent: null, values: { __start__: { topic: "tides" } }, versions: { __start__: v(1) }, seen: { __input__: {} },
    metadata: { source: "input", step: -1, parents: {}, user_id: "cust-981" }, updated: ["__start__"],
  });
  const afterStart = (thread: string, id: string, parent: string): PyCheckpoint => ({
    thread, id, parent, values: { topic: "tides", "branch:to:gather": null }, versions: { __start__: v(2), topic: v(2), "branch:to:gather": v(2) },
    seen: { __input__: {}, __start__: { __start__: v(1) } }, metadata: { source: "loop", step: 0, parents: {} }, updated: ["branch:to:gather", "topic"],
  });
  return {
    checkpoints: [
      input("py-review", C0),
      afterStart("py-review", C1, C0),
      {
        thread: "py-review", id: C2, parent: C1,
        values: { topic: "tides", facts: ["high", "low"], when, tags: py.set(["sea", "moon"]), messages, "branch:to:review": null },
        versions: { __start__: v(2), topic: v(2), "branch:to:gather": v(3), facts: v(3), when: v(3), tags: v(3), messages: v(3), "branch:to:review": v(3) },
        seen: { __input__: {}, __start__: { __start__: v(1) }, gather: { "branch:to:gather": v(2) } },
        metadata: { source: "loop", step: 1, parents: {} }, updated: ["branch:to:review", "facts", "messages", "tags", "when"],
      },
      input("py-failed", F0),
      afterStart("py-failed", F1, F0),
      { thread: "py-review", ns: SUB, id: S0, parent: null, values: { __start__: { query: "tides" } }, versions: { __start__: v(1) }, seen: { __input__: {} }, metadata: { source: "input", step: -1, parents: { "": C1 } } },
      {
        thread: "py-review", ns: SUB, id: S1, parent: S0, values: { query: "tides" }, versions: { __start__: v(2), query: v(2) },
        seen: { __input__: {}, __start__: { __start__: v(1) } }, metadata: { source: "loop", step: 0, parents: { "": C1 } },
      },
    ],
    writes: [
      { thread: "py-review", checkpoint: C0, task: startTask, idx: 0, channel: "topic", value: "tides" },
      { thread: "py-review", checkpoint: C0, task: startTask, idx: 1, channel: "branch:to:gather", value: null },
      { thread: "py-review", checkpoint: C1, task: gatherTask, idx: 0, channel: "facts", value: ["high", "low"] },
      { thread: "py-review", checkpoint: C1, task: gatherTask, idx: 1, channel: "when", value: when },
      { thread: "py-review", checkpoint: C1, task: gatherTask, idx: 2, channel: "tags", value: py.set(["sea", "moon"]) },
      { thread: "py-review", checkpoint: C1, task: gatherTask, idx: 3, channel: "messages", value: messages },
      { thread: "py-review", checkpoint: C1, task: gatherTask, idx: 4, channel: "branch:to:review", value: null },
      { thread: "py-review", checkpoint: C2, task: reviewTask, idx: -3, channel: "__interrupt__", value: [py.interrupt({ question: "Publish?" }, INTERRUPT_ID)] },
      { thread: "py-failed", checkpoint: F0, task: pyTaskId(F0, "", 0, "__start__", ["__start__"]), idx: 0, channel: "topic", value: "tides" },
      { thread: "py-failed", checkpoint: F1, task: failedTask, idx: -1, channel: "__error__", value: "TimeoutError('order service did not answer within 10s')" },
      { thread: "py-review", ns: SUB, checkpoint: S0, task: subTask, idx: 0, channel: "query", value: "tides" },
    ],
  };
}

/** Write the scenario to `file`. */
export function writeScenario(file: string): void {
  const { checkpoints, writes } = scenario();
  writePythonDatabase(file, checkpoints, writes);
}
