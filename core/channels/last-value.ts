import { ChronographError } from "../api/errors.ts";
import { copyDefault, type Channel } from "./base.ts";

/**
 * Keeps the last value written. Two nodes writing it in the same superstep is an error rather than a
 * silent winner: their order is arbitrary from the user's point of view.
 */
export function lastValue<V>(defaultValue: V): Channel<V> {
  return {
    kind: "lastValue",
    initial: () => copyDefault(defaultValue),
    update(channel, current, writes) {
      if (writes.length === 0) return current;
      if (writes.length > 1) {
        const nodes = writes.map((write) => write.node).join(", ");
        throw new ChronographError(
          "INVALID_UPDATE",
          `Channel "${channel}" keeps one value, but ${writes.length} writes reached it in one superstep (from ${nodes}). Give it a reducer, e.g. append() or reducer(fn, default).`,
          { channel },
        );
      }
      return writes[0]!.value as V;
    },
  };
}
