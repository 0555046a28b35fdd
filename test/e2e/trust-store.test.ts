/**
 * Workspace trust in the window's store, over the real backend (in-memory transport, real SQLite file):
 * when the app asks, what "Stay read-only" and "Trust this folder" do, and that revoking does not ask again.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { createClient } from "../../core/api/client.ts";
import { createInMemoryTransport } from "../../core/debugger/in-memory-transport.ts";
import { createDebuggerService } from "../../core/debugger/service.ts";
import { connectEvents } from "../../renderer/store/connect-events.ts";
import { createAppStore } from "../../renderer/store/create-app-store.ts";
import { selectAskTrust } from "../../renderer/store/database-slice.ts";
import { REPO } from "./support/host.ts";
import { buildSupportDatabase, tempDir } from "./support/databases.ts";

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

it("asks once per opening, stays read-only when told, loads the code when trusted, and does not ask again after a revoke", async () => {
  const folder = tempDir("chronograph-trust-store-");
  const file = join(folder.dir, "support.db");
  await buildSupportDatabase(file);
  writeFileSync(join(folder.dir, "code.mts"), `export { graph } from ${JSON.stringify(join(REPO, "test/e2e/fixtures/support-module.ts"))};\n`);
  writeFileSync(join(folder.dir, "chronograph.config.json"), JSON.stringify({ graphs: { "support-triage": { module: "./code.mts", export: "graph" } } }));
  const service = createDebuggerService({ configDir: join(folder.dir, "config"), pollIntervalMs: 50 });
  const transport = { ...createInMemoryTransport(service), onStatus: (listener: (status: "connected") => void) => (listener("connected"), () => {}), close() {} };
  const client = createClient(transport);
  await client.openDatabase({ path: file });
  const store = createAppStore(client);
  const disconnect = connectEvents(store, client, transport);
  cleanup.push(folder.remove, () => service.close(), disconnect);
  await store.getState().start();

  expect(store.getState().database?.trust?.state).toBe("untrusted");
  expect(selectAskTrust(store.getState())).toBe(true);
  store.getState().declineTrust();
  expect(selectAskTrust(store.getState())).toBe(false);
  store.getState().declineTrust(true);
  expect(selectAskTrust(store.getState())).toBe(true);

  expect(await store.getState().trustFolder(store.getState().database!.trust!.folder)).toBe(true);
  expect(store.getState().database).toMatchObject({ canRun: true, trust: { state: "trusted" } });
  expect(selectAskTrust(store.getState())).toBe(false);

  expect(await store.getState().revokeTrust(store.getState().database!.trust!.folder)).toBe(true);
  expect(store.getState().database).toMatchObject({ canRun: false, trust: { state: "untrusted" } });
  expect(selectAskTrust(store.getState())).toBe(false);
});
