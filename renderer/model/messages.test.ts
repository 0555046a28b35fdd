import { describe, expect, it } from "vitest";
import { chatRows, isMessage, isMessageList, roleLabel } from "./messages.ts";

// As the interop decoders show a LangGraph.js conversation (compact form).
const js = [
  { $message: "human", content: "Weather in Porto?", id: "h1" },
  { $message: "ai", content: "", id: "a1", tool_calls: [{ id: "call_1", name: "weather", args: { city: "Porto" } }], usage_metadata: { input_tokens: 12, output_tokens: 5, total_tokens: 17 } },
  { $message: "tool", content: "18C, overcast", id: "t1", name: "weather", tool_call_id: "call_1" },
  { $message: "ai", content: [{ type: "text", text: "It is 18C" }, { type: "image_url", image_url: "x" }], id: "a2" },
];
// As they show a Python one: every pydantic field kept, `type` included; tool calls carry `type`.
const py = [
  { $message: "human", $class: "langchain_core.messages.human.HumanMessage", content: "hi", type: "human", id: null, name: null, additional_kwargs: {}, response_metadata: {} },
  { $message: "ai", $class: "langchain_core.messages.ai.AIMessage", content: "", type: "ai", tool_calls: [{ name: "search", args: { q: "tea" }, id: "c9", type: "tool_call" }], usage_metadata: { input_tokens: 3, output_tokens: 4, total_tokens: 7 } },
  { $message: "tool", $class: "langchain_core.messages.tool.ToolMessage", content: "boom", type: "tool", tool_call_id: "c9", status: "error" },
];

describe("LangChain messages", () => {
  it("recognises a message list and nothing else", () => {
    expect(isMessageList(js)).toBe(true);
    expect(isMessageList(py)).toBe(true);
    expect(isMessageList([])).toBe(false);
    expect(isMessageList([...js, { role: "user" }])).toBe(false);
    expect(isMessage({ $message: 3 })).toBe(false);
    expect(isMessage("hi")).toBe(false);
  });

  it("reads a JS conversation: text, tool calls with arguments, the result linked to its call, usage", () => {
    const rows = chatRows(js);
    expect(rows.map((row) => [row.role, row.text])).toEqual([["human", "Weather in Porto?"], ["ai", ""], ["tool", "18C, overcast"], ["ai", "It is 18C"]]);
    expect(rows[1]!.toolCalls).toEqual([{ id: "call_1", name: "weather", args: { city: "Porto" } }]);
    expect(rows[1]!.usage).toEqual({ input: 12, output: 5, total: 17 });
    expect(rows[2]!.answers).toEqual({ index: 1, name: "weather" });
    expect(rows[3]!.blocks).toEqual([{ type: "image_url", image_url: "x" }]);
  });

  it("reads a Python conversation the same way, with a failed tool result's status", () => {
    const rows = chatRows(py);
    expect(rows[0]).toMatchObject({ role: "human", text: "hi", id: null, name: null });
    expect(rows[1]!.toolCalls).toEqual([{ id: "c9", name: "search", args: { q: "tea" } }]);
    expect(rows[2]).toMatchObject({ toolCallId: "c9", answers: { index: 1, name: "search" }, status: "error" });
  });

  it("leaves a tool result unlinked when its call is not in the list", () => {
    expect(chatRows([js[2]])[0]).toMatchObject({ toolCallId: "call_1", answers: null });
    expect(roleLabel("ai")).toBe("AI");
    expect(roleLabel("tool")).toBe("Tool");
  });
});
