/**
 * A typed client over any Transport: `client.listThreads({})` becomes `transport.call("listThreads", {})`.
 * Failures come back as ChronographError with the backend's code and message.
 */
import { METHOD_NAMES, type CallOptions, type DebuggerApi, type EventName, type EventPayloads, type Transport } from "./contract.ts";
import { ChronographError } from "./errors.ts";

export type DebuggerClient = DebuggerApi & {
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
};

export function createClient(transport: Transport): DebuggerClient {
  const client = {
    on: <E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void) => transport.listen(event, listener),
  } as Record<string, unknown>;
  for (const method of METHOD_NAMES) {
    client[method] = async (args: unknown, options?: CallOptions) => {
      const result = await transport.call(method, args, options);
      if (result.ok) return result.value;
      throw new ChronographError(result.error.code, result.error.message, result.error.subject);
    };
  }
  return Object.freeze(client) as DebuggerClient;
}
