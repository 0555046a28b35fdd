/**
 * Python LangGraph's msgpack values, shown and written back. `showMsgpack` turns a decoded tree into
 * plain JSON plus the tags of tags.ts (LangGraph's extension types 0-7 become `$datetime`, `$set`,
 * `$message`, `$pydantic`, `$object`...); it never throws: an extension it cannot read is shown as
 * `$unknown_extension` with its bytes. `encodePython` is the inverse for every tag it produces, so
 * `encodePython(showMsgpack(n))` rebuilds `n` whenever the shown form lost nothing (edit/can-edit.ts checks
 * exactly that before an edit is allowed).
 */
import { decodeMsgpack, encodeMsgpack, type MsgNode } from "./msgpack.ts";
import { EncodeError, encodePythonObject, showPythonObject } from "./python-objects.ts";
import { fromBase64, plainObject, tagOf, toBase64, unknownExtension } from "./tags.ts";

/** Extension codes of LangGraph's msgpack serializer (docs/langgraph-format.md, section 2.2). */
export const EXT = { ARG: 0, ARGS: 1, KWARGS: 2, METHOD: 3, PYDANTIC_V1: 4, PYDANTIC_V2: 5, NUMPY: 6, DELTA: 7 } as const;

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Show a decoded msgpack tree as JSON-able values with type tags. Never throws. */
export function showMsgpack(node: MsgNode): unknown {
  switch (node.kind) {
    case "nil": return null;
    case "bool": return node.value;
    case "int": return node.value > SAFE || node.value < -SAFE ? { $int: node.value.toString() } : Number(node.value);
    case "float":
      return Number.isFinite(node.value) ? node.value : { $float: String(node.value) };
    case "str": return node.value;
    case "bin": return { $bytes: toBase64(node.value) };
    case "array": return node.items.map(showMsgpack);
    case "map": return showMap(node.entries);
    case "ext": return showExt(node.type, node.data);
    case "truncated": return { $unreadable: node.reason, type: "msgpack", bytes: 0 };
    case "too-large": return { $placeholder: "too-large", bytes: node.bytes, items: node.items, reason: node.reason };
  }
}

function showMap(entries: Array<[MsgNode, MsgNode]>): unknown {
  if (entries.every(([key]) => key.kind === "str")) {
    return plainObject(entries.map(([key, value]) => [(key as { value: string }).value, showMsgpack(value)]));
  }
  return { $map: entries.map(([key, value]) => [showMsgpack(key), showMsgpack(value)]) };
}

/** Extensions nested deeper than this are shown as unknown: each level decodes (and copies) the rest again. */
const MAX_EXT_NESTING = 32;
let extNesting = 0;

function showExt(code: number, data: Uint8Array): unknown {
  if (extNesting >= MAX_EXT_NESTING) return unknownExtension(code, data);
  extNesting += 1;
  try {
    return showExtPayload(code, data);
  } finally {
    extNesting -= 1;
  }
}

function showExtPayload(code: number, data: Uint8Array): unknown {
  const decoded = decodeMsgpack(data);
  if (decoded.problem) return unknownExtension(code, data);
  if (code === EXT.DELTA) return { $delta_snapshot: showMsgpack(decoded.node) };
  const items = decoded.node.kind === "array" ? decoded.node.items : null;
  if (code === EXT.NUMPY) return showNumpy(items) ?? unknownExtension(code, data);
  if (!items || items.length < 3 || items[0]!.kind !== "str" || items[1]!.kind !== "str") return unknownExtension(code, data);
  const module = items[0].value;
  const cls = items[1].value;
  const payload = showMsgpack(items[2]!);
  const fourth = items[3];
  switch (code) {
    case EXT.ARG:
      return items.length === 3 ? showPythonObject(module, cls, { form: "arg", payload }) : unknownExtension(code, data);
    case EXT.ARGS:
      return items.length === 3 && Array.isArray(payload) ? showPythonObject(module, cls, { form: "args", payload }) : unknownExtension(code, data);
    case EXT.KWARGS:
      return items.length === 3 ? showPythonObject(module, cls, { form: "kwargs", payload }) : unknownExtension(code, data);
    case EXT.METHOD:
      return items.length === 4 && fourth!.kind === "str" ? showPythonObject(module, cls, { form: "method", payload, method: fourth.value }) : unknownExtension(code, data);
    case EXT.PYDANTIC_V1:
      return items.length === 3 ? showPythonObject(module, cls, { form: "pydantic", version: 1, payload }) : unknownExtension(code, data);
    case EXT.PYDANTIC_V2:
      if (items.length === 3) return showPythonObject(module, cls, { form: "pydantic", version: 2, payload, method: null });
      if (items.length === 4 && fourth!.kind === "str") return showPythonObject(module, cls, { form: "pydantic", version: 2, payload, method: fourth.value });
      return unknownExtension(code, data);
    default:
      return unknownExtension(code, data);
  }
}

function showNumpy(items: MsgNode[] | null): unknown {
  if (!items || items.length !== 4) return null;
  const [dtype, shape, order, buffer] = items as [MsgNode, MsgNode, MsgNode, MsgNode];
  if (dtype.kind !== "str" || shape.kind !== "array" || order.kind !== "str" || buffer.kind !== "bin") return null;
  return { $ndarray: { dtype: dtype.value, shape: showMsgpack(shape), order: order.value, data: toBase64(buffer.value) } };
}

export { EncodeError };

const str = (value: string): MsgNode => ({ kind: "str", value });

/** Write a shown value back as a msgpack tree. Throws EncodeError naming what it cannot write. */
export function encodePython(value: unknown): MsgNode {
  if (value === null) return { kind: "nil" };
  if (typeof value === "boolean") return { kind: "bool", value };
  if (typeof value === "number") {
    return Number.isInteger(value) && !Object.is(value, -0) ? { kind: "int", value: BigInt(value) } : { kind: "float", value, bits: 64 };
  }
  if (typeof value === "string") return str(value);
  if (typeof value === "bigint") return { kind: "int", value };
  if (Array.isArray(value)) return { kind: "array", items: value.map(encodePython) };
  if (typeof value !== "object") throw new EncodeError(`a ${typeof value} cannot be stored`);
  const shown = value as Record<string, unknown>;
  const tag = tagOf(shown);
  if (tag === null) return encodeEntries(shown);
  switch (tag) {
    case "$dict": return encodeEntries(shown.$dict);
    case "$int": return { kind: "int", value: BigInt(String(shown.$int)) };
    case "$float": return { kind: "float", value: Number(shown.$float), bits: 64 };
    case "$bytes": return { kind: "bin", value: fromBase64(String(shown.$bytes)) };
    case "$map": return encodeMap(shown.$map);
    case "$delta_snapshot": return { kind: "ext", type: EXT.DELTA, data: encodeMsgpack(encodePython(shown.$delta_snapshot)) };
    case "$ndarray": return encodeNumpy(shown.$ndarray);
    case "$unknown_extension": return { kind: "ext", type: Number(shown.$unknown_extension), data: fromBase64(String(shown.data)) };
    default: return encodePythonObject(tag, shown, encodePython);
  }
}

function encodeEntries(inner: unknown): MsgNode {
  if (inner === null || typeof inner !== "object" || Array.isArray(inner)) throw new EncodeError(`"$dict" must hold an object`);
  return { kind: "map", entries: Object.entries(inner).map(([key, item]) => [str(key), encodePython(item)]) };
}

function encodeMap(pairs: unknown): MsgNode {
  if (!Array.isArray(pairs)) throw new EncodeError(`"$map" must hold [key, value] pairs`);
  return { kind: "map", entries: pairs.map((pair) => {
    if (!Array.isArray(pair) || pair.length !== 2) throw new EncodeError(`"$map" must hold [key, value] pairs`);
    return [encodePython(pair[0]), encodePython(pair[1])] as [MsgNode, MsgNode];
  }) };
}

function encodeNumpy(spec: unknown): MsgNode {
  const { dtype, shape, order, data } = (spec ?? {}) as Record<string, unknown>;
  if (typeof dtype !== "string" || !Array.isArray(shape) || typeof order !== "string" || typeof data !== "string") {
    throw new EncodeError(`"$ndarray" needs dtype, shape, order and data`);
  }
  return { kind: "ext", type: EXT.NUMPY, data: encodeMsgpack({ kind: "array", items: [str(dtype), encodePython(shape), str(order), { kind: "bin", value: fromBase64(data) }] }) };
}
