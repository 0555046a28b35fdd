/**
 * The stores every engine scenario runs against. Scenarios must hold whatever the store is.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemorySaver, type Checkpointer } from "../../core/index.ts";
import { SqliteSaver } from "../../core/storage/sqlite/index.ts";
import { openFresh } from "../postgres/server.ts";

export interface StoreCase {
  name: string;
  create(): { saver: Checkpointer; cleanup(): Promise<void> };
}

export const STORES: StoreCase[] = [
  { name: "memory", create: () => ({ saver: new MemorySaver(), cleanup: async () => {} }) },
  {
    name: "sqlite",
    create: () => {
      const dir = mkdtempSync(join(tmpdir(), "chronograph-engine-"));
      const saver = SqliteSaver.open(join(dir, "engine.db"));
      return {
        saver,
        cleanup: async () => {
          await saver.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: "postgres",
    create: () => {
      const opened = openFresh();
      return { saver: whenOpen(opened.then(({ saver }) => saver)), cleanup: async () => (await opened).cleanup() };
    },
  },
];

/**
 * A store that opens asynchronously (PostgreSQL) as a Checkpointer the scenarios can use at once: each
 * method waits for the open, then calls the real store.
 */
function whenOpen(ready: Promise<Checkpointer>): Checkpointer {
  return new Proxy({} as Checkpointer, {
    get: (_target, name) => {
      // Not a thenable: `await saver` must give the proxy itself.
      if (name === "then") return undefined;
      return async (...args: unknown[]) => {
        const saver = await ready;
        // An optional method the store lacks (settle) is a no-op, as the engine's `?.` call would make it.
        const method = saver[name as keyof Checkpointer] as ((...a: unknown[]) => unknown) | undefined;
        return method?.apply(saver, args);
      };
    },
  });
}

/** Call inside a describe(): returns `open()`, whose stores are all closed and removed after each test. */
export function useStores(store: StoreCase, afterEach: (fn: () => Promise<void>) => void): () => Checkpointer {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  return () => {
    const created = store.create();
    cleanups.push(created.cleanup);
    return created.saver;
  };
}
