/**
 * LangGraph.js's JSON values: every tagged record its JsonPlusSerializer writes is shown with the tag
 * docs/langgraph-format.md, section 10, names, and written back so that LangGraph.js's own serializer revives the same value
 * (checked against @langchain/langgraph-checkpoint's JsonPlusSerializer). Also Python's legacy JSON
 * records and the LangChain `lc: 1` forms.
 */
import { JsonPlusSerializer } from "@langchain/langgraph-checkpoint";
import { AIMessage, AIMessageChunk, HumanMessage, RemoveMessage, SystemMessage, ToolMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { encodeJs, showJson } from "../../core/interop/serde/js-values.ts";

const serde = new JsonPlusSerializer();
const dumped = async (value: unknown) => JSON.parse(new TextDecoder().decode((await serde.dumpsTyped(value))[1])) as unknown;
const revived = async (json: unknown) => serde.loadsTyped("json", JSON.stringify(json));

describe("LangGraph.js JSON values", () => {
  const cases: Array<[string, unknown, unknown]> = [
    ["Set", new Set([1, "a"]), { $set: [1, "a"] }],
    ["Map", new Map<unknown, unknown>([["k", 1], [2, [3]]]), { $map: [["k", 1], [2, [3]]] }],
    ["RegExp", /ab+c/gi, { $regexp: ["ab+c", "gi"] }],
    ["Error", new Error("boom"), { $error: "Error", message: "boom" }],
    ["Uint8Array (in state; a bare one is stored with type bytes)", { b: new Uint8Array([0, 1, 255]) }, { b: { $bytes: "AAH/" } }],
    ["undefined inside an object", { a: undefined, b: 1 }, { a: { $undefined: true }, b: 1 }],
    ["undefined inside an array", [undefined, 2], [{ $undefined: true }, 2]],
    ["nested", { seen: new Set([new Map([["x", new Uint8Array([7])]])]) }, { seen: { $set: [{ $map: [["x", { $bytes: "Bw==" }]] }] } }],
  ];

  for (const [name, value, shown] of cases) {
    it(`${name}: shown as ${JSON.stringify(shown)}, written back so LangGraph.js revives it`, async () => {
      const json = await dumped(value);
      expect(showJson(json)).toEqual(shown);
      expect(encodeJs(shown, json)).toEqual(json);
      expect(await revived(encodeJs(shown))).toEqual(value);
    });
  }

  it("LangChain messages of every class are shown compact, as the fixtures' oracle shows them", async () => {
    const messages = [
      new HumanMessage({ content: "hi", id: "h1" }),
      new AIMessage({ content: "", id: "a1", tool_calls: [{ id: "c1", name: "lookup", args: { q: 1 }, type: "tool_call" }] }),
      new ToolMessage({ content: "42", id: "t1", tool_call_id: "c1", name: "lookup" }),
      new SystemMessage({ content: "be brief", id: "s1" }),
      new AIMessageChunk({ content: "partial", id: "k1" }),
      new RemoveMessage({ id: "h1" }),
    ];
    const json = await dumped(messages);
    expect(showJson(json)).toEqual([
      { $message: "human", content: "hi", id: "h1" },
      { $message: "ai", content: "", id: "a1", tool_calls: [{ id: "c1", name: "lookup", args: { q: 1 } }] },
      { $message: "tool", content: "42", id: "t1", name: "lookup", tool_call_id: "c1" },
      { $message: "system", content: "be brief", id: "s1" },
      expect.objectContaining({ $message: "ai", content: "partial", id: "k1" }),
      { $message: "remove", content: [], id: "h1" },
    ]);
  });

  it("a message edited in its compact form keeps the fields the form leaves out", async () => {
    const original = new AIMessage({ content: "old", id: "a1", response_metadata: { model: "m1" }, tool_calls: [{ id: "c1", name: "f", args: {}, type: "tool_call" }] });
    const json = await dumped([original]);
    const shown = showJson(json) as Array<Record<string, unknown>>;
    expect(shown[0]).toMatchObject({ response_metadata: { model: "m1" } });
    shown[0]!.content = "new";
    const back = (await revived(encodeJs(shown, json))) as AIMessage[];
    expect(back[0]).toBeInstanceOf(AIMessage);
    expect(back[0]!.content).toBe("new");
    expect(back[0]!.response_metadata).toEqual({ model: "m1" });
    expect(back[0]!.tool_calls).toEqual(original.tool_calls);
    const typed = (await revived(encodeJs([{ $message: "human", content: "typed", id: "h2" }]))) as HumanMessage[];
    expect(typed[0]).toBeInstanceOf(HumanMessage);
    expect(typed[0]!.id).toBe("h2");
  });

  it("secrets, unserializable objects and unknown lc:2 records are shown, never revived", () => {
    expect(showJson({ lc: 1, type: "secret", id: ["OPENAI_API_KEY"] })).toEqual({ $secret: "OPENAI_API_KEY" });
    expect(showJson({ lc: 1, type: "not_implemented", id: ["x", "Y"] })).toEqual({ $not_implemented: "x.Y" });
    const unknown = { lc: 2, type: "constructor", id: ["Date"], method: null, args: ["2020"], kwargs: {} };
    expect(showJson(unknown)).toEqual(unknown);
    expect(showJson({ lc: 1, type: "constructor", id: ["langchain_core", "documents", "Document"], kwargs: { page_content: "p" } })).toEqual({ $object: "langchain_core.documents.Document", page_content: "p" });
  });

  it("objects whose keys look like tags are wrapped so they cannot be mistaken for one", () => {
    expect(showJson({ $set: 1, other: 2 })).toEqual({ $dict: { $set: 1, other: 2 } });
    expect(encodeJs({ $dict: { $set: 1 } })).toEqual({ $set: 1 });
  });

  it("Python's legacy JSON constructor records read as the same tags as its msgpack", () => {
    expect(showJson({ lc: 2, type: "constructor", id: ["datetime", "datetime"], method: "fromisoformat", args: ["2024-05-01T00:00:00+00:00"], kwargs: {} })).toEqual({ $datetime: "2024-05-01T00:00:00+00:00" });
    expect(showJson({ lc: 2, type: "constructor", id: ["uuid", "UUID"], method: null, args: ["0123456789abcdef0123456789abcdef"], kwargs: {} })).toEqual({ $uuid: "01234567-89ab-cdef-0123-456789abcdef" });
    expect(showJson({ lc: 2, type: "constructor", id: ["builtins", "set"], method: null, args: [[1, 2]], kwargs: {} })).toEqual({ $set: [1, 2] });
    expect(showJson({ lc: 1, type: "constructor", id: ["langchain", "schema", "messages", "HumanMessage"], kwargs: { content: "old", id: "h0" } })).toEqual({ $message: "human", content: "old", id: "h0" });
  });
});
