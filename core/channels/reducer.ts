import { ChronographError } from "../api/errors.ts";
import { copyDefault, type Channel } from "./base.ts";

/** A custom reducer: each write is folded in with `fn(current, write)`, in the engine's fixed order. */
export function reducer<V, U = V>(fn: (current: V, update: U) => V, defaultValue: V): Channel<V> {
  return {
    kind: "custom",
    initial: () => copyDefault(defaultValue),
    update(channel, current, writes) {
      let value = current;
      for (const write of writes) {
        try {
          value = fn(value, write.value as U);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new ChronographError("INVALID_UPDATE", `The reducer of channel "${channel}" failed on the write from node "${write.node}": ${reason}`, {
            channel,
            node: write.node,
          });
        }
      }
      return value;
    },
  };
}
