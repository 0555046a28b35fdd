/**
 * Serializing plain JSON without LangGraph's serializer, with exactly its result. JsonPlusSerializer's
 * dumpsTyped walks the value for cycles, stringifies it through a replacer called on every node, encodes
 * the text to bytes and resolves a promise. Its replacer returns scalars, arrays and plain objects
 * unchanged, so for a tree of only those (no undefined, no class instance, no function, no cycle) its text
 * is JSON.stringify's. A W1 superstep's put serializes its checkpoint, its metadata and three small values,
 * and its putWrites three writes, all plain: this skips the serializer's walk, replacer and promise for
 * each. Anything else, and any serializer other than LangGraph's own, goes through the serializer.
 */
import type { SerializerProtocol } from "@langchain/langgraph-checkpoint";
import { isPlainJsonPlus } from "./loads.ts";

const encoder = new TextEncoder();
/** Deeper trees go through the serializer (which also handles cycles). */
const MAX_DEPTH = 32;

function isPlain(value: unknown, depth: number): boolean {
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") return true;
  if (typeof value !== "object" || depth >= MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return false;
    for (let index = 0; index < value.length; index += 1) if (!isPlain(value[index], depth + 1)) return false;
    return true;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key in value) {
    if (Object.hasOwn(value, key) && !isPlain((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

/** The JSON text `serde` writes for `value` when it is plain JSON and `serde` is LangGraph's own; else undefined. */
export function plainJson(serde: SerializerProtocol, value: unknown): string | undefined {
  return isPlainJsonPlus(serde) && isPlain(value, 0) ? JSON.stringify(value) : undefined;
}

/** serde.dumpsTyped(value), without the serializer for plain JSON (plainJson). */
export async function dumpsTyped(serde: SerializerProtocol, value: unknown): Promise<[string, Uint8Array]> {
  const json = plainJson(serde, value);
  return json === undefined ? serde.dumpsTyped(value) : ["json", encoder.encode(json)];
}
