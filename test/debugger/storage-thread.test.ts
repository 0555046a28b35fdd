/**
 * Prune and VACUUM run on a worker thread (core/debugger/storage-thread.ts), so the backend answers other
 * calls meanwhile: a thread list asked after a VACUUM or a prune started answers before that ends (the
 * order of outcomes, no clock), and both still do their work (the prune deletes what its preview listed,
 * VACUUM reports the file's sizes), and a coded refusal comes back with its code.
 */
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isChronographError } from "../../core/api/errors.ts";
import type { DebuggerClient } from "../../core/api/client.ts";
import { createFixture, type Fixture } from "./fixtures.ts";

let fixture: Fixture;
let client: DebuggerClient;

/** Checkpoints per thread, read straight from the file. */
function counts(): Record<string, number> {
  const db = new Database(fixture.db, { readonly: true });
  try {
    return Object.fromEntries(db.prepare("SELECT thread_id, count(*) FROM checkpoints GROUP BY thread_id").raw().all() as Array<[string, number]>);
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  fixture = await createFixture();
  client = fixture.open().client;
  await client.openDatabase({ path: fixture.db });
}, 60_000);

afterAll(async () => {
  await fixture?.cleanup();
});

/** The order in which `slow` and a thread list asked right after it answered. */
async function orderOf(slow: Promise<unknown>): Promise<string[]> {
  const order: string[] = [];
  const done = slow.then(() => order.push("storage"));
  const page = await client.listThreads({});
  order.push("list");
  expect(page.total).toBe(4);
  await done;
  return order;
}

describe("storage writes off the backend's thread", () => {
  it("answers a thread list asked during a VACUUM before the VACUUM ends", async () => {
    let result: { beforeBytes: number; afterBytes: number } | undefined;
    expect(await orderOf(client.vacuum({}).then((value) => (result = value)))).toEqual(["list", "storage"]);
    expect(result!.beforeBytes).toBeGreaterThan(0);
    expect(result!.afterBytes).toBeGreaterThan(0);
  });

  it("answers a thread list asked during a prune before the prune ends, and the prune deletes what the preview listed", async () => {
    const before = counts();
    const preview = await client.prunePreview({ keepLast: 1, threadId: "approved" });
    expect(preview.removed).toBeGreaterThan(0);
    let removed = 0;
    expect(await orderOf(client.prune({ keepLast: 1, threadId: "approved", token: preview.token }).then((result) => (removed = result.removed)))).toEqual(["list", "storage"]);
    expect(removed).toBe(preview.removed);
    expect(counts()).toEqual({ ...before, approved: before.approved! - preview.removed });
  });

  it("refuses a stale prune asked beside a VACUUM with its code (the error crosses the thread), and the VACUUM still runs", async () => {
    const stale = client.prune({ keepLast: 1, threadId: "quick", token: "not-the-preview" });
    const vacuum = client.vacuum({});
    const error = await stale.then(() => undefined, (failure: unknown) => failure);
    expect(isChronographError(error, "STALE_PREVIEW")).toBe(true);
    expect((await vacuum).afterBytes).toBeGreaterThan(0);
  });
});
