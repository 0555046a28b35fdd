/**
 * The backend keeps the folder of imported bundle copies small: at start-up and whenever a bundle closes
 * it removes the copies no session uses that are more than a day old (or past the few kept), on the
 * service's injected clock, in a temporary config folder; a copy in use stays, and files that are not
 * copies stay.
 */
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createClient } from "../../core/api/client.ts";
import { createInMemoryTransport } from "../../core/debugger/in-memory-transport.ts";
import { createDebuggerService, type DebuggerService } from "../../core/debugger/service.ts";
import { createFixture, type Fixture } from "./fixtures.ts";

const DAY = 24 * 60 * 60 * 1000;
let fixture: Fixture;
const services: DebuggerService[] = [];
beforeEach(async () => {
  fixture = await createFixture();
});
afterEach(async () => {
  for (const service of services.splice(0)) await service.close();
  await fixture.cleanup();
});

function backend(clock: () => number) {
  const service = createDebuggerService({ configDir: join(fixture.dir, "config"), pollIntervalMs: 50, clock });
  services.push(service);
  return createClient(createInMemoryTransport(service));
}

const folder = () => join(fixture.dir, "config", "cache", "bundles");

describe("the bundle copies cache", { timeout: 120_000 }, () => {
  it("removes stale copies at start-up and when a bundle closes, never the one in use nor other files", async () => {
    let now = Date.now();
    // What an earlier launch left: a copy opened two days ago, and a file that is not a copy.
    mkdirSync(folder(), { recursive: true });
    const leftover = join(folder(), "old-thread-0123456789abcdef.sqlite");
    writeFileSync(leftover, "");
    utimesSync(leftover, new Date(now - 2 * DAY), new Date(now - 2 * DAY));
    writeFileSync(join(folder(), "notes.txt"), "mine");

    const client = backend(() => now);
    expect(existsSync(leftover)).toBe(false);
    expect(readdirSync(folder())).toEqual(["notes.txt"]);

    await client.openDatabase({ path: fixture.db });
    const bundles: string[] = [];
    for (const threadId of ["approved", "quick"]) {
      const exported = await client.exportThread({ threadId });
      mkdirSync(join(fixture.dir, "received"), { recursive: true });
      bundles.push(join(fixture.dir, "received", exported.fileName));
      writeFileSync(bundles.at(-1)!, exported.text);
    }

    // A bundle closed soon after opening keeps its copy: reopening it is instant.
    const first = (await client.openDatabase({ path: bundles[0]! })).path;
    await client.openDatabase({ path: fixture.db });
    expect(existsSync(first)).toBe(true);
    expect((await client.openDatabase({ path: bundles[0]! })).path).toBe(first);

    // A day later another bundle takes its place: the first copy goes, the one now open stays and reads.
    now += DAY + 60_000;
    const second = (await client.openDatabase({ path: bundles[1]! })).path;
    expect(existsSync(first)).toBe(false);
    expect(existsSync(second)).toBe(true);
    expect((await client.listThreads({})).rows.map((row) => row.threadId)).toEqual(["quick"]);

    // Closing it (another database opens) leaves the folder with what is not a copy.
    await client.openDatabase({ path: fixture.db });
    expect(readdirSync(folder()).filter((name) => name.startsWith(basename(second)))).toEqual([]);
    expect(readdirSync(folder())).toEqual(["notes.txt"]);
  });
});
