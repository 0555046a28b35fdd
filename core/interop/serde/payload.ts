/**
 * One stored payload (a `checkpoint`, `metadata` or `value` column with its `type`) to a shown value.
 * Dispatches on the serializer type of docs/langgraph-format.md, section 2: json, msgpack, bytes, bytearray, null; pickle and
 * encrypted (`<inner>+<cipher>`) payloads become placeholders and are never decoded; unknown types become
 * a placeholder naming the type. Never throws: a payload it cannot read comes back as a placeholder
 * with `problem` saying why, for the caller to surface as a warning.
 */
import { DEFAULT_BUDGET, jsonOverBudget, tooLarge } from "../../checkpoint/value-budget.ts";
import { decodeMsgpack, type MsgNode } from "./msgpack.ts";
import { showJson } from "./js-values.ts";
import { showMsgpack } from "./python-values.ts";
import { toBase64, unreadable } from "./tags.ts";

export interface DecodedPayload {
  /** The shown value (plain JSON with tags), or a placeholder. */
  value: unknown;
  /** What went wrong, when the payload could not be read whole. */
  problem?: string;
  /** For msgpack payloads: the lossless tree (editing writes from it). */
  tree?: MsgNode;
  /** For JSON payloads: the parsed JSON before tags were applied (editing writes from it). */
  json?: unknown;
  /** The stored bytes (editing checks that they can be rebuilt exactly). */
  bytes?: Uint8Array;
}

const utf8 = new TextDecoder("utf-8");

/** Bytes of a column that SQLite returned as BLOB, TEXT or NULL. */
export function bytesOf(data: Uint8Array | string | null | undefined): Uint8Array {
  if (data === null || data === undefined) return new Uint8Array();
  return typeof data === "string" ? new TextEncoder().encode(data) : data;
}

/**
 * Show parsed JSON within the reading budget: each of a checkpoint's `channel_values` is checked on its
 * own (so one huge channel leaves the others readable), then the whole value. What is over budget is
 * shown as a placeholder (after showJson, which would escape its `$` key) and listed in `left`.
 */
function showWithinBudget(json: unknown, size: number): { value: unknown; left: string[] } {
  const over = new Map<string, ReturnType<typeof tooLarge>>();
  const channels = json !== null && typeof json === "object" ? (json as { channel_values?: unknown }).channel_values : undefined;
  if (channels !== null && typeof channels === "object" && !Array.isArray(channels)) {
    for (const [channel, value] of Object.entries(channels)) {
      const found = jsonOverBudget(value, DEFAULT_BUDGET);
      if (found === null) continue;
      over.set(channel, tooLarge(size, found.items, found.reason));
      (channels as Record<string, unknown>)[channel] = null;
    }
  }
  const left = [...over].map(([channel, placeholder]) => `channel_values.${channel}: ${placeholder.reason}`);
  const whole = jsonOverBudget(json, DEFAULT_BUDGET);
  if (whole !== null) return { value: tooLarge(size, whole.items, whole.reason), left: [...left, `(the whole value): ${whole.reason}`] };
  const value = showJson(json);
  const shownChannels = (value as { channel_values?: Record<string, unknown> } | null)?.channel_values;
  if (shownChannels) for (const [channel, placeholder] of over) shownChannels[channel] = placeholder;
  return { value, left };
}

/** Parse JSON text; a failure is reported with the parser's message, never thrown. */
export function decodeJsonText(text: string, what: string): DecodedPayload {
  try {
    const json = JSON.parse(text) as unknown;
    const shown = showWithinBudget(json, text.length);
    const decoded: DecodedPayload = { value: shown.value, json, bytes: new TextEncoder().encode(text) };
    if (shown.left.length > 0) decoded.problem = `${what} holds values over the reading budget, shown as placeholders: ${shown.left.join("; ")}`;
    return decoded;
  } catch (error) {
    const reason = `not valid JSON (${(error as Error).message}); the payload may be truncated`;
    return { value: unreadable(reason, "json", new TextEncoder().encode(text)), problem: `${what} is ${reason}` };
  }
}

/**
 * Decode `data` stored with serializer `type`. `what` names the payload in problems ("the value of
 * channel "messages" written by task ... against checkpoint ...").
 */
export function decodePayload(type: string | null, data: Uint8Array | string | null | undefined, what: string): DecodedPayload {
  const bytes = bytesOf(data);
  const kind = type ?? "json";
  if (kind.includes("+")) {
    return { value: { $encrypted: kind, bytes: bytes.length }, problem: `${what} is encrypted (${kind}); it is shown as encrypted, not decoded` };
  }
  switch (kind) {
    case "json":
      if (bytes.length > DEFAULT_BUDGET.bytes) {
        return { value: tooLarge(bytes.length, null, `larger than ${DEFAULT_BUDGET.bytes} bytes`), problem: `${what} is ${bytes.length} bytes of JSON, over the reading budget; shown as a placeholder` };
      }
      return decodeJsonText(typeof data === "string" ? data : utf8.decode(bytes), what);
    case "msgpack": {
      if (bytes.length === 0) return { value: unreadable("empty msgpack payload", kind, bytes), problem: `${what} is an empty msgpack payload` };
      const decoded = decodeMsgpack(bytes, DEFAULT_BUDGET);
      let value: unknown;
      try {
        value = showMsgpack(decoded.node);
      } catch (error) {
        // Extensions nest payloads inside payloads; thousands of levels of them overflow the stack.
        if (!(error instanceof RangeError)) throw error;
        return { value: unreadable(`nested too deeply to show (${error.message})`, kind, bytes), problem: `${what} is nested too deeply to show (${error.message})` };
      }
      const problems = [
        ...(decoded.problem ? [`${what} could not be read whole: ${decoded.problem}`] : []),
        ...(decoded.overBudget ?? []).map((line) => `${what} holds a value over the reading budget, shown as a placeholder: ${line}`),
      ];
      return problems.length > 0 ? { value, tree: decoded.node, bytes, problem: problems.join("; ") } : { value, tree: decoded.node, bytes };
    }
    case "null":
      return { value: null };
    case "bytes":
    case "bytearray":
      return { value: { $bytes: toBase64(bytes) } };
    case "pickle":
      return { value: { $pickle: bytes.length }, problem: `${what} is a Python pickle (${bytes.length} bytes); Chronograph never unpickles` };
    default:
      return { value: unreadable(`unknown serializer type "${kind}"`, kind, bytes), problem: `${what} uses the serializer type "${kind}", which Chronograph does not know` };
  }
}
