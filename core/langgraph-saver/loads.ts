/**
 * Deserializing what the saver stored, with a fast path that gives exactly what LangGraph's serializer
 * gives. JsonPlusSerializer parses JSON, then walks the whole tree with an async reviver (a promise per
 * array and per key) that rebuilds only objects with an `lc` key (LangChain objects, undefined, Map, Set,
 * Error, bytes...). Text with no `"lc"` anywhere has no such object, and the reviver would return a plain
 * copy of the parse: JSON.parse alone is the same value, at a fraction of the cost (a history read of a
 * long plain-JSON conversation spent most of its time in that walk). Any other serializer, a subclass,
 * other types, or text mentioning `"lc"` go through the serializer unchanged.
 */
import { JsonPlusSerializer, type SerializerProtocol } from "@langchain/langgraph-checkpoint";

const decoder = new TextDecoder();

/** Whether `serde` is LangGraph's own JsonPlusSerializer (not a subclass, which may read differently). */
export function isPlainJsonPlus(serde: SerializerProtocol): boolean {
  return Object.getPrototypeOf(serde) === JsonPlusSerializer.prototype;
}

/** serde.loadsTyped(type, data), without the reviver walk where it cannot change the result. */
export async function loadsTyped(serde: SerializerProtocol, type: string, data: Uint8Array | string): Promise<unknown> {
  if (type !== "json" || !isPlainJsonPlus(serde)) return serde.loadsTyped(type, data);
  const text = typeof data === "string" ? data : decoder.decode(data);
  return text.includes('"lc"') ? serde.loadsTyped(type, text) : JSON.parse(text);
}
