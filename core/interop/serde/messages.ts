/**
 * LangChain messages, recognised in both dialects and shown as `{"$message": role, ...}`.
 * LangGraph.js stores them as `lc: 1` constructor records; Python as pydantic extensions (ext 5) whose
 * field `type` is the role. The compact form (docs/langgraph-format.md, section 10) is what LangGraph.js readers see; the Python
 * form keeps every field so that the value can be written back byte for byte.
 */
import type { Tagged } from "./tags.ts";

const ROLE_BY_CLASS: Record<string, string> = {
  HumanMessage: "human",
  AIMessage: "ai",
  ToolMessage: "tool",
  SystemMessage: "system",
  FunctionMessage: "function",
  ChatMessage: "chat",
  RemoveMessage: "remove",
  DeveloperMessage: "developer",
};

/** Roles a message's `type` field can hold. */
export const MESSAGE_ROLES = new Set(["human", "ai", "tool", "system", "function", "chat", "remove", "developer", "generic"]);

/** True when a class name reads as a LangChain message (`...Message` or `...MessageChunk`). */
export function isMessageClass(className: string): boolean {
  return /Message(Chunk)?$/.test(className);
}

/** The role for a message class ("AIMessageChunk" → "ai"); the lower-cased stem for unknown ones. */
export function roleOfClass(className: string): string {
  const base = className.replace(/Chunk$/, "");
  return ROLE_BY_CLASS[base] ?? base.replace(/Message$/, "").toLowerCase();
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return Object.keys(value).length === 0;
  return false;
}

/**
 * The compact form (section 10) of a message from its (already shown) kwargs: role, content, id, and
 * name / tool_calls (id, name, args) / tool_call_id when present; other fields only when they carry
 * something (non-empty metadata, a non-"success" status, an artifact).
 */
export function compactMessage(role: string, kwargs: Record<string, unknown>): Tagged {
  const entries: Array<[string, unknown]> = [["content", kwargs.content ?? ""]];
  if (kwargs.id !== undefined && kwargs.id !== null) entries.push(["id", kwargs.id]);
  if (typeof kwargs.name === "string" && kwargs.name !== "") entries.push(["name", kwargs.name]);
  if (Array.isArray(kwargs.tool_calls) && kwargs.tool_calls.length > 0) {
    entries.push(["tool_calls", kwargs.tool_calls.map(toolCall)]);
  }
  if (kwargs.tool_call_id !== undefined) entries.push(["tool_call_id", kwargs.tool_call_id]);
  for (const extra of ["invalid_tool_calls", "usage_metadata", "additional_kwargs", "response_metadata", "artifact"]) {
    if (!isEmpty(kwargs[extra])) entries.push([extra, kwargs[extra]]);
  }
  if (typeof kwargs.status === "string" && kwargs.status !== "success") entries.push(["status", kwargs.status]);
  if (role === "chat" && typeof kwargs.role === "string") entries.push(["role", kwargs.role]);
  const shown: Tagged = { $message: role };
  for (const [key, value] of entries) shown[key] = value;
  return shown;
}

function toolCall(call: unknown): unknown {
  if (call === null || typeof call !== "object") return call;
  const { id, name, args } = call as Record<string, unknown>;
  return { id, name, args };
}
