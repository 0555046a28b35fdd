/**
 * Python objects carried by LangGraph's msgpack extensions 0-5 (`[module, class, payload(, method)]`),
 * shown with a readable tag and written back from it. Known standard types get their own tag
 * (`$datetime`, `$uuid`, `$set`, ...); LangChain messages become `$message`; other pydantic models
 * `$pydantic`; everything else (enums, dataclasses, namedtuples, unknown classes) `$object`, with the
 * payload kept as is. Nothing is ever imported or instantiated: these are descriptions of values.
 * Payloads inside an object are plain values, so the writer takes python-values.ts's `encodePython` as
 * a parameter (`encode`) instead of importing it: the two modules would otherwise import each other.
 */
import { isMessageClass, MESSAGE_ROLES, roleOfClass } from "./messages.ts";
import { encodeMsgpack, type MsgNode } from "./msgpack.ts";
import { tagOf, type Tagged } from "./tags.ts";

/** Why a shown value cannot be written back (as Python msgpack or LangGraph.js JSON). */
export class EncodeError extends Error {}

/** Writes one shown value as a msgpack tree (python-values.ts's `encodePython`). */
export type EncodeValue = (value: unknown) => MsgNode;

export type PythonPayload =
  | { form: "arg"; payload: unknown }
  | { form: "args"; payload: unknown[] }
  | { form: "kwargs"; payload: unknown }
  | { form: "method"; payload: unknown; method: string }
  | { form: "pydantic"; version: 1 | 2; payload: unknown; method?: string | null };

const PYDANTIC_METHOD = "model_validate_json";
const isInt = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value);
const isPlain = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value) && tagOf(value) === null;
const pad = (value: number, width: number) => String(value).padStart(width, "0");

/** The shown form of `module.cls` built from `spec`. */
export function showPythonObject(module: string, cls: string, spec: PythonPayload): Tagged {
  const name = `${module}.${cls}`;
  const { payload } = spec;
  switch (spec.form) {
    case "arg":
      if (name === "uuid.UUID" && typeof payload === "string" && /^[0-9a-f]{32}$/.test(payload)) {
        return { $uuid: `${payload.slice(0, 8)}-${payload.slice(8, 12)}-${payload.slice(12, 16)}-${payload.slice(16, 20)}-${payload.slice(20)}` };
      }
      if (name === "decimal.Decimal" && typeof payload === "string") return { $decimal: payload };
      if (name === "builtins.set" && Array.isArray(payload)) return { $set: payload };
      if (name === "builtins.frozenset" && Array.isArray(payload)) return { $frozenset: payload };
      if (name === "collections.deque" && Array.isArray(payload)) return { $deque: payload };
      if (module === "ipaddress" && typeof payload === "string") return { $ipaddress: payload, $class: name };
      if (name === "zoneinfo.ZoneInfo" && typeof payload === "string") return { $zoneinfo: payload };
      return { $object: name, $arg: payload };
    case "args": {
      const args = spec.payload;
      if (name === "datetime.timedelta" && args.length === 3 && args.every(isInt)) return { $timedelta: args };
      if (name === "datetime.date" && args.length === 3 && args.every(isInt) && args.every((n) => (n as number) >= 0)) {
        const [year, month, day] = args as number[];
        return { $date: `${pad(year!, 4)}-${pad(month!, 2)}-${pad(day!, 2)}` };
      }
      if (name === "datetime.timezone") return { $timezone: args };
      if (module.startsWith("pathlib")) return { $path: args, $class: name };
      if (name === "re.compile" && args.length === 2 && typeof args[0] === "string" && isInt(args[1])) return { $regexp: args };
      if (name === "langgraph.types.Send" && (args.length === 2 || args.length === 3) && typeof args[0] === "string") {
        return args.length === 3 ? { $send: args[0], arg: args[1], timeout: args[2] } : { $send: args[0], arg: args[1] };
      }
      return { $object: name, $args: args };
    }
    case "kwargs":
      if (name === "datetime.time" && isPlain(payload)) return { $time: payload };
      return isPlain(payload) ? { $object: name, ...payload } : { $object: name, $kwargs: payload };
    case "method":
      if (name === "datetime.datetime" && spec.method === "fromisoformat" && typeof payload === "string") return { $datetime: payload };
      return { $object: name, $arg: payload, $method: spec.method };
    case "pydantic": {
      const extras: Tagged = {};
      if (spec.version === 1) extras.$ext = 4;
      else if (spec.method !== PYDANTIC_METHOD) extras.$method = spec.method ?? null;
      const role = isPlain(payload) ? messageRole(cls, payload) : null;
      if (role !== null) return { $message: role, $class: name, ...extras, ...(payload as Record<string, unknown>) };
      return isPlain(payload) ? { $pydantic: name, ...extras, ...payload } : { $pydantic: name, ...extras, $fields: payload };
    }
  }
}

function messageRole(cls: string, fields: Record<string, unknown>): string | null {
  if (typeof fields.type === "string" && MESSAGE_ROLES.has(fields.type)) return fields.type;
  return isMessageClass(cls) ? roleOfClass(cls) : null;
}

function splitName(name: unknown, tag: string): [string, string] {
  const text = String(name);
  const dot = text.lastIndexOf(".");
  if (dot <= 0) throw new EncodeError(`"${tag}" needs "module.Class", got "${text}"`);
  return [text.slice(0, dot), text.slice(dot + 1)];
}

const str = (value: string): MsgNode => ({ kind: "str", value });
/** An extension node whose data is the msgpack array of `items`. */
const extNode = (code: number, items: MsgNode[]): MsgNode => ({ kind: "ext", type: code, data: encodeMsgpack({ kind: "array", items }) });
const objectNode = (module: string, cls: string, code: number, payload: MsgNode, method?: string): MsgNode =>
  extNode(code, method === undefined ? [str(module), str(cls), payload] : [str(module), str(cls), payload, str(method)]);

/** Fields of a shown object: its keys that are not tags, in order. */
function fieldsOf(shown: Tagged, encode: EncodeValue): MsgNode {
  const entries = Object.entries(shown).filter(([key]) => !key.startsWith("$"));
  return { kind: "map", entries: entries.map(([key, value]) => [str(key), encode(value)]) };
}

/** Write a tagged Python object back as its extension. Throws EncodeError for tags it cannot write. */
export function encodePythonObject(tag: string, shown: Tagged, encode: EncodeValue): MsgNode {
  const value = shown[tag];
  switch (tag) {
    case "$uuid": return objectNode("uuid", "UUID", 0, str(String(value).replaceAll("-", "")));
    case "$decimal": return objectNode("decimal", "Decimal", 0, str(String(value)));
    case "$set": return objectNode("builtins", "set", 0, encode(value));
    case "$frozenset": return objectNode("builtins", "frozenset", 0, encode(value));
    case "$deque": return objectNode("collections", "deque", 0, encode(value));
    case "$zoneinfo": return objectNode("zoneinfo", "ZoneInfo", 0, str(String(value)));
    case "$ipaddress": return objectNode(...splitName(shown.$class, tag), 0, str(String(value)));
    case "$timedelta": return objectNode("datetime", "timedelta", 1, encode(value));
    case "$timezone": return objectNode("datetime", "timezone", 1, encode(value));
    case "$path": return objectNode(...splitName(shown.$class, tag), 1, encode(value));
    case "$date": {
      const match = /^(\d{4,})-(\d{2})-(\d{2})$/.exec(String(value));
      if (!match) throw new EncodeError(`"$date" must read YYYY-MM-DD, got "${String(value)}"`);
      return objectNode("datetime", "date", 1, encode(match.slice(1).map(Number)));
    }
    case "$regexp":
      if (!Array.isArray(value) || !isInt(value[1])) throw new EncodeError(`"$regexp" with text flags is a JavaScript value; Python stores integer flags`);
      return objectNode("re", "compile", 1, encode(value));
    case "$send": {
      const args = "timeout" in shown ? [value, shown.arg, shown.timeout] : [value, shown.arg];
      return objectNode("langgraph.types", "Send", 1, encode(args));
    }
    case "$time": return objectNode("datetime", "time", 2, encode(value));
    case "$datetime": return objectNode("datetime", "datetime", 3, str(String(value)), "fromisoformat");
    case "$message":
      if (!("$class" in shown)) return encodePythonObject("$message", pythonMessage(String(value), shown), encode);
      return encodePydantic(splitName(shown.$class, tag), shown, encode);
    case "$pydantic": return encodePydantic(splitName(value, tag), shown, encode);
    case "$object": return encodeObject(splitName(value, tag), shown, encode);
    default:
      throw new EncodeError(`a "${tag}" value cannot be written into a Python database`);
  }
}

function encodePydantic([module, cls]: [string, string], shown: Tagged, encode: EncodeValue): MsgNode {
  const fields = "$fields" in shown ? encode(shown.$fields) : fieldsOf(shown, encode);
  if (shown.$ext === 4) return objectNode(module, cls, 4, fields);
  const method = "$method" in shown ? shown.$method : PYDANTIC_METHOD;
  return method === null ? objectNode(module, cls, 5, fields) : objectNode(module, cls, 5, fields, String(method));
}

function encodeObject([module, cls]: [string, string], shown: Tagged, encode: EncodeValue): MsgNode {
  if ("$method" in shown) return objectNode(module, cls, 3, encode(shown.$arg), String(shown.$method));
  if ("$arg" in shown) return objectNode(module, cls, 0, encode(shown.$arg));
  if ("$args" in shown) return objectNode(module, cls, 1, encode(shown.$args));
  return objectNode(module, cls, 2, "$kwargs" in shown ? encode(shown.$kwargs) : fieldsOf(shown, encode));
}

const MESSAGE_MODULES: Record<string, [string, string]> = {
  human: ["langchain_core.messages.human", "HumanMessage"],
  ai: ["langchain_core.messages.ai", "AIMessage"],
  tool: ["langchain_core.messages.tool", "ToolMessage"],
  system: ["langchain_core.messages.system", "SystemMessage"],
  function: ["langchain_core.messages.function", "FunctionMessage"],
  chat: ["langchain_core.messages.chat", "ChatMessage"],
  remove: ["langchain_core.messages.modifier", "RemoveMessage"],
};

/** A compact message (typed by a user) as the full field list langchain-core 1.x dumps, in its order. */
function pythonMessage(role: string, shown: Tagged): Tagged {
  const target = MESSAGE_MODULES[role];
  if (!target) throw new EncodeError(`unknown message role "${role}"`);
  const full: Tagged = { $message: role, $class: target.join("."), content: shown.content ?? "", additional_kwargs: shown.additional_kwargs ?? {}, response_metadata: shown.response_metadata ?? {}, type: role, name: shown.name ?? null, id: shown.id ?? null };
  if (role === "ai") Object.assign(full, { tool_calls: (shown.tool_calls as unknown[] | undefined)?.map((call) => ({ ...(call as object), type: "tool_call" })) ?? [], invalid_tool_calls: shown.invalid_tool_calls ?? [], usage_metadata: shown.usage_metadata ?? null });
  if (role === "tool") Object.assign(full, { tool_call_id: shown.tool_call_id ?? "", artifact: shown.artifact ?? null, status: shown.status ?? "success" });
  if (role === "chat") full.role = shown.role ?? "";
  return full;
}
