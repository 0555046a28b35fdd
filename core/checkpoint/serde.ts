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

/** Past this nesting a value takes the checked path (which also catches cycles). */
const PLAIN_DEPTH = 32;

/**
 * Whether JSON.stringify alone stores `value` faithfully: only strings, finite-or-not numbers, booleans,
 * null, undefined, arrays and objects without toJSON, nested at most PLAIN_DEPTH deep. Anything else
 * (a function, a symbol, a BigInt, a Date, a deep or cyclic value) goes through the replacer, which
 * says what is wrong. Checking in JavaScript and then stringifying natively is about twice as fast as
 * a replacer called for every key, and toJson runs several times per superstep.
 */
function plain(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case "string":
    case "number":
    case "boolean":
    case "undefined":
      return true;
    case "object": {
      if (value === null) return true;
      if (depth >= PLAIN_DEPTH) return false;
      if (Array.isArray(value)) {
        for (let index = 0; index < value.length; index += 1) if (!plain(value[index], depth + 1)) return false;
        return true;
      }
      if (typeof (value as { toJSON?: unknown }).toJSON === "function") return false;
      for (const key in value) if (!plain((value as Record<string, unknown>)[key], depth + 1)) return false;
      return true;
    }
    default:
      return false;
  }
}

export function toJson(value: unknown, origin: ValueOrigin): string {
  try {
    if (plain(value, 0)) return JSON.stringify(value === undefined ? null : value);
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
  // Most values are small plain data: one walk without bookkeeping settles them; the rest get the walk that says what is wrong.
  if (plain(value, 0)) return;
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
