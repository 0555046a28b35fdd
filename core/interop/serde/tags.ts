/**
 * How values that JSON cannot hold are shown. Every such value becomes an object whose first key starts
 * with "$" and names the type (docs/langgraph-format.md, section 10). A plain object whose
 * own keys start with "$" is wrapped in `{"$dict": {...}}` so it can never be mistaken for a tag.
 *
 * Shared with LangGraph.js (section 10, exactly):
 *   {"$message": role, content, id, name?, tool_calls?, tool_call_id?}  LangChain message
 *   {"$set": [...]}  {"$map": [[k, v], ...]}  {"$bytes": base64}  {"$regexp": [source, flags]}
 *   {"$error": name, message}  {"$undefined": true}
 * Python values (decoded from msgpack extensions; each keeps what is needed to write it back):
 *   {"$datetime": iso}  {"$date": "YYYY-MM-DD"}  {"$time": {hour, minute, ...}}
 *   {"$timedelta": [days, seconds, microseconds]}  {"$timezone": [offset, name?]}  {"$zoneinfo": key}
 *   {"$uuid": "8-4-4-4-12"}  {"$decimal": "12.50"}  {"$frozenset": [...]}  {"$deque": [...]}
 *   {"$ipaddress": text, "$class"}  {"$path": [parts], "$class"}  {"$send": node, arg, timeout?}
 *   {"$message": role, "$class", ...every field}  {"$pydantic": "module.Class", ...fields}
 *   {"$object": "module.Class", "$arg" | "$args" | ...kwargs, "$method"?}  (enums, dataclasses, ...)
 *   {"$ndarray": {dtype, shape, order, data}}  {"$delta_snapshot": value}
 *   {"$int": "digits"} (beyond 2^53)  {"$float": "NaN" | "Infinity" | "-Infinity"}
 *   {"$unknown_extension": code, bytes, data}  (an extension code we do not know, kept whole)
 * Placeholders (never decoded, never written back):
 *   {"$unreadable": reason, type, bytes, data?}  {"$pickle": bytes}  {"$encrypted": type, bytes}
 */

export type Tagged = Record<string, unknown>;

/** The tag of a shown value ("$set", "$message", ...), or null for plain values. */
export function tagOf(value: unknown): string | null {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return null;
  const first = Object.keys(value)[0];
  return first !== undefined && first.startsWith("$") ? first : null;
}

/** Set `key` on `target` as an own property, even when the key is "__proto__". */
export function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** A plain object from entries, wrapped in {"$dict": ...} when a key could be read as a tag. */
export function plainObject(entries: Array<[string, unknown]>): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) setKey(object, key, value);
  return entries.some(([key]) => key.startsWith("$")) ? { $dict: object } : object;
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

export function fromBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, "base64"));
}

/** Raw bytes shown in placeholders are capped so a huge opaque blob does not flood a view. */
const MAX_SHOWN_BYTES = 64 * 1024;

/** A payload that could not be decoded: the reason, the serializer type and the size, never a crash. */
export function unreadable(reason: string, type: string | null, bytes: Uint8Array | null): Tagged {
  const shown: Tagged = { $unreadable: reason, type, bytes: bytes?.length ?? 0 };
  if (bytes && bytes.length > 0) shown.data = toBase64(bytes.subarray(0, MAX_SHOWN_BYTES));
  return shown;
}

export function unknownExtension(code: number, data: Uint8Array): Tagged {
  return { $unknown_extension: code, bytes: data.length, data: toBase64(data) };
}
