/**
 * LangChain messages as a conversation. The interop decoders show a message from either runtime as
 * `{"$message": role, content, id?, name?, tool_calls?, tool_call_id?, usage_metadata?, ...}` (Python's
 * keep every pydantic field, `type` included). This module recognises them and turns a list into chat
 * rows: text content, tool calls with their arguments, tool results linked to the call that asked for them.
 */

export interface ChatToolCall {
  id: string;
  name: string;
  args: unknown;
}

export interface ChatUsage {
  input: number | null;
  output: number | null;
  total: number | null;
}

export interface ChatRow {
  /** Position in the list (the state path's last part). */
  index: number;
  role: string;
  id: string | null;
  /** The author's name (a tool's name on a tool message), when given. */
  name: string | null;
  /** Text of the content; non-text content blocks are listed in `blocks`. */
  text: string;
  blocks: unknown[];
  toolCalls: ChatToolCall[];
  /** On a tool result: the call it answers, and where that call is (null when not in this list). */
  toolCallId: string | null;
  answers: { index: number; name: string } | null;
  usage: ChatUsage | null;
  /** A non-"success" status of a tool result (e.g. "error"). */
  status: string | null;
}

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => value !== null && typeof value === "object" && !Array.isArray(value);

/** True for a value the decoders showed as a LangChain message. */
export function isMessage(value: unknown): value is Fields & { $message: string } {
  return isObject(value) && typeof value.$message === "string";
}

/** True for a non-empty list whose every item is a message. */
export function isMessageList(value: unknown): value is Array<Fields & { $message: string }> {
  return Array.isArray(value) && value.length > 0 && value.every(isMessage);
}

const text = (value: unknown): string | null => (typeof value === "string" ? value : null);
const count = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);

function contentOf(content: unknown): { text: string; blocks: unknown[] } {
  if (typeof content === "string") return { text: content, blocks: [] };
  if (!Array.isArray(content)) return content === undefined || content === null ? { text: "", blocks: [] } : { text: "", blocks: [content] };
  const parts: string[] = [];
  const blocks: unknown[] = [];
  for (const block of content) {
    if (typeof block === "string") parts.push(block);
    else if (isObject(block) && block.type === "text" && typeof block.text === "string") parts.push(block.text);
    else blocks.push(block);
  }
  return { text: parts.join("\n"), blocks };
}

function toolCallsOf(calls: unknown): ChatToolCall[] {
  if (!Array.isArray(calls)) return [];
  return calls.filter(isObject).map((call, position) => ({ id: text(call.id) ?? `#${position}`, name: text(call.name) ?? "(unnamed)", args: call.args }));
}

function usageOf(message: Fields): ChatUsage | null {
  // JS and Python: usage_metadata {input_tokens, output_tokens, total_tokens}; older JS: response_metadata.tokenUsage.
  const usage = isObject(message.usage_metadata) ? message.usage_metadata : null;
  if (usage) return { input: count(usage.input_tokens), output: count(usage.output_tokens), total: count(usage.total_tokens) };
  const legacy = isObject(message.response_metadata) && isObject(message.response_metadata.tokenUsage) ? message.response_metadata.tokenUsage : null;
  if (legacy) return { input: count(legacy.promptTokens), output: count(legacy.completionTokens), total: count(legacy.totalTokens) };
  return null;
}

/** The chat rows of a message list, tool results linked to their calls by tool_call_id. */
export function chatRows(messages: readonly unknown[]): ChatRow[] {
  const calls = new Map<string, { index: number; name: string }>();
  return messages.filter(isMessage).map((message, index) => {
    const toolCalls = toolCallsOf(message.tool_calls);
    for (const call of toolCalls) calls.set(call.id, { index, name: call.name });
    const toolCallId = text(message.tool_call_id);
    const { text: body, blocks } = contentOf(message.content);
    const status = text(message.status);
    return {
      index,
      role: message.$message,
      id: text(message.id),
      name: text(message.name),
      text: body,
      blocks,
      toolCalls,
      toolCallId,
      answers: toolCallId !== null ? (calls.get(toolCallId) ?? null) : null,
      usage: usageOf(message),
      status: status !== null && status !== "success" ? status : null,
    };
  });
}

/** Words for a role ("ai" → "AI", "human" → "Human"). */
export function roleLabel(role: string): string {
  if (role === "ai") return "AI";
  return role.charAt(0).toUpperCase() + role.slice(1);
}
