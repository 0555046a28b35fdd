import { HumanMessage } from "@langchain/core/messages";
import { JsonPlusSerializer } from "@langchain/langgraph-checkpoint";
import { describe, expect, it } from "vitest";
import { dumpsTyped, plainJson } from "./dumps.ts";

const serde = new JsonPlusSerializer();

describe("dumpsTyped", () => {
  it("writes the same type and bytes as LangGraph's serializer, plain JSON or not", async () => {
    const shared = { n: 1 };
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    const values: unknown[] = [
      0, -1.5, 1e21, Number.NaN, Number.POSITIVE_INFINITY, "", "node-01", 'quote " and \\ and \u2028 and é', true, false, null, undefined,
      [1, "a", null, [shared, shared]], { v: 4, channel_versions: { counter: 3.25, label: "3" }, versions_seen: { n01: { "branch:to:n01": 2 } }, channel_values: {} },
      { missing: undefined }, [1, undefined], { when: new Date(0) }, { lc: 1 }, new Map([["k", 1]]), new Set([1]), new Uint8Array([1, 2]),
      [new HumanMessage({ id: "h1", content: "Hello" })], cycle, Object.create(null),
    ];
    for (const value of values) {
      const [type, bytes] = await dumpsTyped(serde, value);
      const [theirType, theirBytes] = await serde.dumpsTyped(value);
      expect(type).toBe(theirType);
      expect(Buffer.from(bytes).toString()).toBe(Buffer.from(theirBytes).toString());
    }
  });

  it("takes the shortcut for plain JSON only, and never for another serializer (a subclass too)", async () => {
    expect(plainJson(serde, { a: [1, "x", null] })).toBe('{"a":[1,"x",null]}');
    expect(plainJson(serde, { a: undefined })).toBeUndefined();
    expect(plainJson(serde, [new Map()])).toBeUndefined();
    class Custom extends JsonPlusSerializer {
      override async dumpsTyped(): Promise<[string, Uint8Array]> {
        return ["custom", new Uint8Array([9])];
      }
    }
    expect(plainJson(new Custom(), "x")).toBeUndefined();
    expect(await dumpsTyped(new Custom(), "x")).toEqual(["custom", new Uint8Array([9])]);
  });
});
