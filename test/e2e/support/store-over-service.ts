/**
 * The window's store over the real backend, without a browser: a DebuggerService on `file` (watching it
 * every 50 ms), the in-memory transport, createAppStore and connectEvents, started as the app starts.
 */
import { createClient } from "../../../core/api/client.ts";
import { createDebuggerService, type DebuggerService } from "../../../core/debugger/service.ts";
import { createInMemoryTransport } from "../../../core/debugger/in-memory-transport.ts";
import { connectEvents } from "../../../renderer/store/connect-events.ts";
import { createAppStore, type AppStore } from "../../../renderer/store/create-app-store.ts";

export interface StoreOverService {
  store: AppStore;
  service: DebuggerService;
  /** Disconnect the store's events and close the backend. */
  close(): Promise<void>;
}

export async function storeOverService(file: string, configDir: string): Promise<StoreOverService> {
  const service = createDebuggerService({ configDir, pollIntervalMs: 50 });
  const transport = { ...createInMemoryTransport(service), onStatus: (listener: (status: "connected") => void) => (listener("connected"), () => {}), close() {} };
  const client = createClient(transport);
  await client.openDatabase({ path: file });
  const store = createAppStore(client);
  const disconnect = connectEvents(store, client, transport);
  await store.getState().start();
  return {
    store,
    service,
    async close() {
      disconnect();
      await service.close();
    },
  };
}
