/**
 * Values are stored as JSON. Anything JSON cannot hold faithfully (a function, a symbol, a BigInt, a
 * cycle) is refused with an error naming the channel, and the node when known, instead of being
 * silently dropped.
 */
import { ChronographError } from "../api/errors.ts";

export interface ValueOrigin {
  channel: string;
  node?: string;
  threadId?: string;
}

function refuse(key: string, value: unknown): unknown {
  if (typeof value === "function" || typeof value === "symbol") {
    throw new TypeError(`${typeof value} at ${key === "" ? "the top level" : `key "${key}"`}`);
  }
  return value;
}

export function toJson(value: unknown, origin: ValueOrigin): string {
  try {
    return JSON.stringify(value === undefined ? null : value, refuse);
  } catch (error) {
    throw unserializable(origin, error);
  }
}

export function unserializable(origin: ValueOrigin, error: unknown): ChronographError {
  const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
  const where = origin.node ? `written by node "${origin.node}" to channel "${origin.channel}"` : `of channel "${origin.channel}"`;
  const subject: Record<string, string> = { channel: origin.channel };
  if (origin.node) subject.node = origin.node;
  if (origin.threadId) subject.thread = origin.threadId;
  return new ChronographError("UNSERIALIZABLE_VALUE", `The value ${where} cannot be stored as JSON (${reason}).`, subject);
}

/** Values nested deeper than this are refused: JSON and every recursive reader would overflow the stack. */
export const MAX_VALUE_DEPTH = 2000;

/** Throws UNSERIALIZABLE_VALUE unless `value` survives JSON; cheaper than a round trip for small values. */
export function assertJsonSafe(value: unknown, origin: ValueOrigin): void {
  const seen = new Set<object>();
  let depth = 0;
  const visit = (item: unknown, path: string): void => {
    switch (typeof item) {
      case "function":
      case "symbol":
      case "bigint":
        throw unserializable(origin, new TypeError(`a ${typeof item} at ${path}`));
      case "object":
        if (item === null) return;
        if (seen.has(item)) throw unserializable(origin, new TypeError(`a cycle at ${path}`));
        if (++depth > MAX_VALUE_DEPTH) throw unserializable(origin, new RangeError(`nested deeper than ${MAX_VALUE_DEPTH} levels`));
        seen.add(item);
        if (Array.isArray(item)) item.forEach((entry, index) => visit(entry, `${path}[${index}]`));
        else if (typeof (item as { toJSON?: unknown }).toJSON !== "function") {
          for (const key of Object.keys(item)) visit((item as Record<string, unknown>)[key], `${path}.${key}`);
        }
        seen.delete(item);
        depth -= 1;
        return;
      default:
        return;
    }
  };
  visit(value, "value");
}
