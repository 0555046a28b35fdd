/**
 * A Transport straight onto a service in the same process, for tests and tools: the same dispatch as the
 * real hosts, and values copied through JSON both ways, so anything that would not survive the wire
 * fails here too.
 */
import type { CallResult, Transport } from "../api/contract.ts";
import { dispatch } from "./dispatch.ts";
import type { DebuggerService } from "./service.ts";

const overTheWire = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

export function createInMemoryTransport(service: DebuggerService): Transport {
  return {
    async call(method, args, options): Promise<CallResult> {
      return overTheWire(await dispatch(service, method, overTheWire(args), options));
    },
    listen(event, listener) {
      return service.on(event, (payload) => listener(overTheWire(payload)));
    },
  };
}
