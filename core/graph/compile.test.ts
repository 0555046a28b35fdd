import { describe, expect, it } from "vitest";
import { append } from "../channels/append.ts";
import { lastValue } from "../channels/last-value.ts";
import { END, START } from "./constants.ts";
import { hashDescription } from "./describe.ts";
import { StateGraph } from "./state-graph.ts";

const noop = () => ({});
const graph = () => new StateGraph<{ n: number; log: string[] }>({ name: "g", channels: { n: lastValue(0), log: append<string>() } });

describe("compile() refuses broken graphs with the node's name", () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    ["an edge to an unknown node", () => graph().addNode("a", noop).addEdge(START, "a").addEdge("a", "ghost").compile(), /unknown node "ghost"/],
    ["an edge from an unknown node", () => graph().addNode("a", noop).addEdge(START, "a").addEdge("a", END).addEdge("phantom", "a").compile(), /unknown node "phantom"/],
    ["a node unreachable from START", () => graph().addNode("a", noop).addNode("island", noop).addEdge(START, "a").addEdge("a", END).addEdge("island", END).compile(), /"island" cannot be reached/],
    ["a node with no way out", () => graph().addNode("a", noop).addNode("dead", noop).addEdge(START, "a").addEdge("a", "dead").addEdge("a", END).compile(), /"dead" has no way out/],
    ["a reserved node name", () => graph().addNode("__start__", noop).compile(), /reserved/],
    ["a node added twice", () => graph().addNode("a", noop).addNode("a", noop), /"a" is added twice/],
    ["nothing leaving START", () => graph().addNode("a", noop).addEdge("a", END).compile(), /nothing leaves START/],
    ["a breakpoint on an unknown node", () => graph().addNode("a", noop).addEdge(START, "a").addEdge("a", END).compile({ interruptBefore: ["nope"] }), /unknown node "nope"/],
    ["an unknown conditional target", () => graph().addNode("a", noop).addEdge(START, "a").addConditionalEdges("a", () => END, ["a", "b"]).compile(), /unknown node "b"/],
    ["a bad retry policy", () => graph().addNode("a", noop, { retry: { maxAttempts: 0 } }).addEdge(START, "a").addEdge("a", END).compile(), /retry.maxAttempts/],
  ];
  for (const [what, build, message] of cases) {
    it(`rejects ${what}`, () => expect(build).toThrow(message));
  }

  it("accepts a router without declared targets as able to reach any node", () => {
    expect(() => graph().addNode("a", noop).addNode("b", noop).addEdge(START, "a").addConditionalEdges("a", () => "b").addEdge("b", END).compile()).not.toThrow();
  });
});

describe("describe()", () => {
  it("returns the topology as plain JSON with channels and their reducer kinds, and a stable hash", () => {
    const description = graph()
      .addNode("a", noop).addNode("b", noop).addNode("j", noop)
      .addEdge(START, "a").addConditionalEdges("a", () => "b", ["b", END]).addEdge(["a", "b"], "j").addEdge("j", END)
      .compile({ interruptBefore: ["b"] })
      .describe();
    expect(description.nodes.map((node) => node.name)).toEqual(["a", "b", "j"]);
    expect(description.edges).toContainEqual({ from: START, to: "a" });
    expect(description.edges).toContainEqual({ from: "a", to: "j", join: ["a", "b"] });
    expect(description.conditional).toEqual([{ from: "a", targets: ["b", END] }]);
    expect(description.channels).toEqual([{ name: "n", reducer: "lastValue", default: 0 }, { name: "log", reducer: "append", default: [] }]);
    expect(description.interruptBefore).toEqual(["b"]);
    expect(JSON.parse(JSON.stringify(description))).toEqual(description);
    expect(hashDescription(description)).toBe(hashDescription(JSON.parse(JSON.stringify(description))));
  });
});
