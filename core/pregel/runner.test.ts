/** The task runner: the eager path for plain-value nodes, and what each task may do to the state it is given. */
import { describe, expect, it } from "vitest";
import { lastValue } from "../channels/last-value.ts";
import { END, START } from "../graph/constants.ts";
import { StateGraph } from "../graph/state-graph.ts";
import type { GraphSpec, NodeFunction, State } from "../graph/types.ts";
import { runTasksEagerly, type RunTasksOptions } from "./runner.ts";

type S = { n: number; tag: string };

function specOf(fn: NodeFunction<S>, retry?: { maxAttempts: number }): GraphSpec {
  const graph = new StateGraph<S>({ name: "runner", channels: { n: lastValue(0), tag: lastValue("") } })
    .addNode("a", fn, retry ? { retry } : {})
    .addEdge(START, "a")
    .addEdge("a", END);
  return (graph.compile() as unknown as { spec: GraphSpec }).spec;
}

const options = (state: State): RunTasksOptions => ({ threadId: "t", step: 0, state, resumes: new Map() });
const task = { id: "a", node: "a" };

describe("runTasksEagerly", () => {
  it("settles a lone node that returns a plain value without a promise, and one that returns a promise with one", async () => {
    const plain = runTasksEagerly(specOf((s) => ({ n: s.n + 1 })), [task], options({ n: 1, tag: "" }));
    expect(plain).not.toBeInstanceOf(Promise);
    expect((plain as Awaited<typeof plain>)[0]).toMatchObject({ status: "done", result: { update: { n: 2 }, goto: [] } });

    const later = runTasksEagerly(specOf(async (s) => ({ n: s.n + 2 })), [task], options({ n: 1, tag: "" }));
    expect(later).toBeInstanceOf(Promise);
    expect((await later)[0]).toMatchObject({ status: "done", result: { update: { n: 3 }, goto: [] } });
  });

  it("gives a retried node the state as it was, whatever its failed attempt did to its copy", async () => {
    const seen: number[] = [];
    const spec = specOf(
      (s) => {
        seen.push(s.n);
        s.n = 99;
        if (seen.length === 1) throw new Error("first attempt fails");
        return { tag: "ok" };
      },
      { maxAttempts: 2 },
    );
    const state = { n: 1, tag: "" };
    const [outcome] = await runTasksEagerly(spec, [task], options(state));
    expect(outcome).toMatchObject({ status: "done", result: { update: { tag: "ok" } } });
    expect(seen).toEqual([1, 1]);
    expect(state).toEqual({ n: 1, tag: "" });
  });

  it("gives each of several tasks its own copy: one node changing its state is not seen by the next", async () => {
    const seen: number[] = [];
    const spec = specOf((s) => {
      seen.push(s.n);
      s.n += 10;
      return {};
    });
    const state = { n: 1, tag: "" };
    await runTasksEagerly(spec, [task, { id: "a#0", node: "a" }], options(state));
    expect(seen).toEqual([1, 1]);
    expect(state).toEqual({ n: 1, tag: "" });
  });

  it("reports a node's synchronous throw and its rejected promise alike, with the node's own error", async () => {
    const thrown = runTasksEagerly(specOf(() => { throw new TypeError("sync"); }), [task], options({ n: 0, tag: "" }));
    expect((thrown as Awaited<typeof thrown>)[0]).toMatchObject({ status: "error", error: new TypeError("sync") });
    const rejected = await runTasksEagerly(specOf(async () => { throw new RangeError("async"); }), [task], options({ n: 0, tag: "" }));
    expect(rejected[0]).toMatchObject({ status: "error", error: new RangeError("async") });
  });
});
