/**
 * LangGraph.js's JSON values (docs/langgraph-format.md, section 2.1), shown and written back. `showJson` recognises the tagged
 * records JsonPlusSerializer writes (`lc: 1` LangChain objects, `lc: 2` Set/Map/RegExp/Error/Uint8Array/
 * undefined/delta snapshots) and Python's legacy JSON constructor records (section 2.3), and shows them
 * with the tags of tags.ts; anything else stays as it is. It never throws.
 *
 * `encodeJs(shown, hint)` writes a shown value back as LangGraph.js JSON. `hint` is the stored value the
 * shown one came from: wherever the shown value still equals what the hint shows, the hint is returned
 * untouched, so fields the shown form leaves out (a message's response_metadata, a tool call's type)
 * survive an edit of a neighbouring field.
 */
import { isDeepStrictEqual } from "node:util";
import { compactMessage, isMessageClass, roleOfClass } from "./messages.ts";
import { showPythonObject, type PythonPayload } from "./python-objects.ts";
import { EncodeError } from "./python-values.ts";
import { fromBase64, plainObject, tagOf, toBase64, type Tagged } from "./tags.ts";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Record_ = Record<string, unknown>;

const isObject = (value: unknown): value is Record_ => value !== null && typeof value === "object" && !Array.isArray(value);
const singleId = (record: Record_, name: string) => Array.isArray(record.id) && record.id.length === 1 && record.id[0] === name;
const noMethod = (record: Record_) => record.method === undefined || record.method === null;
const singleArrayArg = (record: Record_) => Array.isArray(record.args) && record.args.length === 1 && Array.isArray(record.args[0]);

/** Show a parsed LangGraph.js (or legacy Python) JSON value with type tags. Never throws. */
export function showJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(showJson);
  if (!isObject(value)) return value;
  if (value.lc === 2) {
    const shown = showLc2(value);
    if (shown !== undefined) return shown;
  }
  if (value.lc === 1 && Array.isArray(value.id)) {
    const shown = showLc1(value);
    if (shown !== undefined) return shown;
  }
  return plainObject(Object.entries(value).map(([key, item]) => [key, showJson(item)]));
}

function showLc2(record: Record_): unknown {
  if (record.type === "undefined") return { $undefined: true };
  if (record.type === "delta_snapshot" && "value" in record) return { $delta_snapshot: showJson(record.value) };
  if (record.type !== "constructor" || !Array.isArray(record.id)) return undefined;
  if (record.id.length > 1) return showLegacyPython(record);
  if (singleId(record, "Set") && noMethod(record) && singleArrayArg(record)) return { $set: (record.args as unknown[][])[0]!.map(showJson) };
  if (singleId(record, "Map") && noMethod(record) && singleArrayArg(record)) {
    const pairs = (record.args as unknown[][])[0]!;
    if (pairs.every((pair) => Array.isArray(pair) && pair.length === 2)) return { $map: pairs.map((pair) => (pair as unknown[]).map(showJson)) };
  }
  const args = Array.isArray(record.args) ? record.args : [];
  if (singleId(record, "RegExp") && noMethod(record) && args.length === 2 && args.every((arg) => typeof arg === "string")) return { $regexp: args };
  if (singleId(record, "Error") && noMethod(record) && args.length === 1 && typeof args[0] === "string") return { $error: "Error", message: args[0] };
  if (singleId(record, "Uint8Array") && (noMethod(record) || record.method === "from") && singleArrayArg(record)) {
    const bytes = (args[0] as unknown[]);
    if (bytes.every((byte) => Number.isInteger(byte) && (byte as number) >= 0 && (byte as number) <= 255)) return { $bytes: toBase64(Uint8Array.from(bytes as number[])) };
  }
  // Unknown lc:2 records stay plain objects, as LangGraph.js leaves them.
  return undefined;
}

/** Python before its msgpack switch wrote `{"lc": 2, "id": [module parts..., Class], method, args, kwargs}`. */
function showLegacyPython(record: Record_): unknown {
  const id = record.id as unknown[];
  if (!id.every((part) => typeof part === "string")) return undefined;
  const module = id.slice(0, -1).join(".");
  const cls = id.at(-1) as string;
  const args = Array.isArray(record.args) ? record.args.map(showJson) : [];
  const kwargs = isObject(record.kwargs) ? showJson(record.kwargs) : {};
  let spec: PythonPayload;
  if (typeof record.method === "string" && args.length === 1) spec = { form: "method", payload: args[0], method: record.method };
  else if (isObject(kwargs) && Object.keys(kwargs).length > 0) spec = { form: "kwargs", payload: kwargs };
  else if (args.length === 1) spec = { form: "arg", payload: args[0] };
  else spec = { form: "args", payload: args };
  return showPythonObject(module, cls, spec);
}

function showLc1(record: Record_): unknown {
  const id = (record.id as unknown[]).map(String);
  if (record.type === "secret") return { $secret: id.join(".") };
  if (record.type === "not_implemented") return { $not_implemented: id.join(".") };
  if (record.type !== "constructor") return undefined;
  const kwargs = isObject(record.kwargs) ? (showJson(record.kwargs) as Record_) : {};
  const cls = id.at(-1) ?? "";
  if (isMessageClass(cls)) return compactMessage(roleOfClass(cls), "$dict" in kwargs ? (kwargs.$dict as Record_) : kwargs);
  return { $object: id.join("."), ...("$dict" in kwargs ? { $kwargs: kwargs.$dict } : kwargs) };
}

const MESSAGE_CLASS: Record<string, string> = {
  human: "HumanMessage", ai: "AIMessage", tool: "ToolMessage", system: "SystemMessage",
  function: "FunctionMessage", chat: "ChatMessage", remove: "RemoveMessage", developer: "DeveloperMessage",
};

const constructorRecord = (name: string, args: Json[], method: string | null = null): Json => ({ lc: 2, type: "constructor", id: [name], method, args, kwargs: {} });

/** Write a shown value back as LangGraph.js JSON, reusing `hint` wherever nothing changed. */
export function encodeJs(shown: unknown, hint?: unknown): Json {
  if (hint !== undefined && isDeepStrictEqual(showJson(hint), shown)) return hint as Json;
  if (shown === null || typeof shown === "boolean" || typeof shown === "string") return shown;
  if (typeof shown === "number") {
    if (!Number.isFinite(shown)) throw new EncodeError(`${shown} cannot be stored as JSON`);
    return shown;
  }
  if (Array.isArray(shown)) return shown.map((item, index) => encodeJs(item, Array.isArray(hint) ? hint[index] : undefined));
  if (!isObject(shown)) throw new EncodeError(`a ${typeof shown} cannot be stored`);
  const tag = tagOf(shown);
  if (tag === null) return encodeEntries(shown, hint);
  const value = shown[tag];
  switch (tag) {
    case "$dict": return encodeEntries(value as Record_, hint);
    case "$undefined": return { lc: 2, type: "undefined" };
    case "$delta_snapshot": return { lc: 2, type: "delta_snapshot", value: encodeJs(value) };
    case "$set": return constructorRecord("Set", [encodeJs(value) as Json[]]);
    case "$map": return constructorRecord("Map", [encodeJs(value) as Json[]]);
    case "$regexp": return constructorRecord("RegExp", (value as unknown[]).map(String));
    case "$error": return constructorRecord("Error", [String(shown.message ?? "")]);
    case "$bytes": return constructorRecord("Uint8Array", [Array.from(fromBase64(String(value)))], "from");
    case "$secret": return { lc: 1, type: "secret", id: String(value).split(".") };
    case "$message": return encodeMessage(String(value), shown, hint);
    case "$object": {
      const fields = Object.fromEntries(Object.entries(shown).filter(([key]) => !key.startsWith("$")));
      return { lc: 1, type: "constructor", id: String(value).split("."), kwargs: encodeJs("$kwargs" in shown ? shown.$kwargs : fields) };
    }
    default:
      throw new EncodeError(`a "${tag}" value cannot be written into a LangGraph.js database`);
  }
}

function encodeEntries(shown: Record_, hint: unknown): Json {
  const out: Record<string, Json> = {};
  for (const [key, item] of Object.entries(shown)) {
    const encoded = encodeJs(item, isObject(hint) ? hint[key] : undefined);
    if (key === "__proto__") Object.defineProperty(out, key, { value: encoded, enumerable: true, writable: true, configurable: true });
    else out[key] = encoded;
  }
  return out;
}

/** A message record: the hint's class and kwargs, with the fields the shown form carries written over. */
function encodeMessage(role: string, shown: Tagged, hint: unknown): Json {
  const hinted = isObject(hint) && hint.lc === 1 && Array.isArray(hint.id) && isObject(hint.kwargs) ? hint : null;
  const cls = MESSAGE_CLASS[role];
  if (!hinted && !cls) throw new EncodeError(`unknown message role "${role}"`);
  const oldKwargs = (hinted?.kwargs ?? {}) as Record_;
  const kwargs: Record<string, Json> = { ...(oldKwargs as Record<string, Json>) };
  for (const [key, item] of Object.entries(shown)) {
    if (key.startsWith("$")) continue;
    if (key === "tool_calls" && Array.isArray(item)) {
      const oldCalls = Array.isArray(oldKwargs.tool_calls) ? oldKwargs.tool_calls : [];
      kwargs.tool_calls = item.map((call, index) => encodeJs({ ...(call as object), type: "tool_call" }, oldCalls[index]));
      continue;
    }
    kwargs[key] = encodeJs(item, oldKwargs[key]);
  }
  if (role === "ai") {
    kwargs.tool_calls ??= [];
    kwargs.invalid_tool_calls ??= [];
  }
  kwargs.additional_kwargs ??= {};
  kwargs.response_metadata ??= {};
  return { lc: 1, type: "constructor", id: (hinted?.id as Json[]) ?? ["langchain_core", "messages", cls!], kwargs };
}
