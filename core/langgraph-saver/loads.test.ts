import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { JsonPlusSerializer } from "@langchain/langgraph-checkpoint";
import { describe, expect, it } from "vitest";
import { isPlainJsonPlus, loadsTyped } from "./loads.ts";

const serde = new JsonPlusSerializer();

async function both(value: unknown) {
  const [type, bytes] = await serde.dumpsTyped(value);
  return { ours: await loadsTyped(serde, type, bytes), theirs: await serde.loadsTyped(type, bytes) };
}

describe("loadsTyped", () => {
  it("gives what LangGraph's serializer gives for plain JSON, LangChain messages, Maps, Sets, undefined and bytes", async () => {
    const values: unknown[] = [
      { messages: [{ role: "user", content: "hi", meta: { n: 1, tags: ["a", null] } }], count: 3 },
      [new HumanMessage({ id: "h1", content: "Hello" }), new AIMessage({ id: "a1", content: "", tool_calls: [{ id: "c1", name: "search", args: { q: "x" } }] })],
      { seen: new Set(["a", "b"]), byId: new Map([["k", 1]]), missing: undefined, when: new Date(0).toISOString() },
      { text: 'a string that says "lc" in quotes', lc: "not a LangChain object" },
      new Uint8Array([1, 2, 3]),
    ];
    for (const value of values) {
      const { ours, theirs } = await both(value);
      expect(ours).toEqual(theirs);
      expect(Object.getPrototypeOf(ours)).toBe(Object.getPrototypeOf(theirs));
    }
    const messages = (await both([new HumanMessage({ id: "h1", content: "Hello" })])).ours as unknown[];
    expect(messages[0]).toBeInstanceOf(HumanMessage);
  });

  it("leaves a serializer other than LangGraph's own (a subclass too) to itself", async () => {
    class Custom extends JsonPlusSerializer {
      override async loadsTyped(): Promise<unknown> {
        return "custom";
      }
    }
    expect(isPlainJsonPlus(new Custom())).toBe(false);
    expect(await loadsTyped(new Custom(), "json", new TextEncoder().encode("[1]"))).toBe("custom");
  });
});
