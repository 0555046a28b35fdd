/**
 * Opening a bundle as a database: a thread exported through exportThread opens directly (a `.json` file,
 * or a bundle under another name, told by its content), read from an imported copy in the app's own
 * folder, never beside the bundle; the thread reads back with the original's ids, parents, steps and
 * values, redacted paths showing the marker; the copy refuses writes; a file that is not a bundle is a
 * one-line coded error naming it.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CheckpointEntry } from "../../core/api/types.ts";
import { errorCodeOf } from "../../core/api/errors.ts";
import { createFixture, type Fixture } from "./fixtures.ts";

let fixture: Fixture;
beforeEach(async () => {
  fixture = await createFixture();
});
afterEach(() => fixture.cleanup());

const shape = (entries: CheckpointEntry[]) => entries.map(({ checkpointId, parentId, step, source, writers }) => ({ checkpointId, parentId, step, source, writers }));

async function failure(run: Promise<unknown>): Promise<{ code: string | null; message: string }> {
  const error = await run.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(Error);
  return { code: errorCodeOf(error), message: (error as Error).message };
}

describe("opening a bundle", { timeout: 120_000 }, () => {
  it("reads the exported thread exactly from a read-only copy in the app's folder, redacted paths marked", async () => {
    const { client } = fixture.open();
    await client.openDatabase({ path: fixture.db });
    const original = await client.getTimeline({ threadId: "approved" });
    const values = await Promise.all(original.map(async (entry) => (await client.getCheckpoint({ threadId: "approved", checkpointId: entry.checkpointId })).values));
    const exported = await client.exportThread({ threadId: "approved", redact: ["$.values.topic"] });
    const bundle = join(fixture.dir, "received", exported.fileName);
    mkdirSync(dirname(bundle));
    writeFileSync(bundle, exported.text);

    const info = await client.openDatabase({ path: bundle });
    expect(info.bundle).toBe(bundle);
    expect(info.kind).toBe("chronograph");
    expect(info.readOnly).toBe(true);
    // The copy lives in the app's config folder, and nothing was written beside the bundle.
    expect(info.path.startsWith(join(fixture.dir, "config"))).toBe(true);
    expect(readdirSync(dirname(bundle))).toEqual([exported.fileName]);
    // Nothing may be written to a bundle: no edits, runs or prune, each saying why.
    expect(info.canEdit).toBe(false);
    expect(info.canRun).toBe(false);
    expect(info.canPrune).toBe(false);
    expect(info.editUnavailableReason).toContain(`"${exported.fileName}" is a bundle, opened read-only`);

    expect((await client.listThreads({})).rows.map((row) => row.threadId)).toEqual(["approved"]);
    const reopened = await client.getTimeline({ threadId: "approved" });
    expect(shape(reopened)).toEqual(shape(original));
    for (const [index, entry] of reopened.entries()) {
      const expected: Record<string, unknown> = { ...values[index] };
      if ("topic" in expected) expected.topic = "[redacted]";
      expect((await client.getCheckpoint({ threadId: "approved", checkpointId: entry.checkpointId })).values).toEqual(expected);
    }
    expect(values.some((state) => state.topic === "budget")).toBe(true);

    // Opening it again reuses the imported copy.
    const again = await client.openDatabase({ path: bundle });
    expect(again.path).toBe(info.path);
    expect(readdirSync(dirname(info.path)).filter((name) => name.endsWith(".sqlite"))).toHaveLength(1);
  });

  it("tells a bundle by its content when its name does not end in .json", async () => {
    const { client } = fixture.open();
    await client.openDatabase({ path: fixture.db });
    const exported = await client.exportThread({ threadId: "quick" });
    const bundle = join(fixture.dir, "quick.bundle");
    writeFileSync(bundle, exported.text);
    const info = await client.openDatabase({ path: bundle });
    expect(info.bundle).toBe(bundle);
    expect((await client.listThreads({})).rows.map((row) => row.threadId)).toEqual(["quick"]);
  });

  it("refuses a malformed JSON file, or JSON that is not a bundle, in one coded line naming the file, keeping the open database", async () => {
    const { client } = fixture.open();
    await client.openDatabase({ path: fixture.db });
    const truncated = join(fixture.dir, "broken.json");
    writeFileSync(truncated, '{"format": "chronograph-bundle", "version": 1, "checkp');
    const broken = await failure(client.openDatabase({ path: truncated }));
    expect(broken.code).toBe("INVALID_ARGUMENT");
    expect(broken.message).toMatch(new RegExp(`^Bundle "${truncated.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}" is not valid JSON`));
    expect(broken.message).not.toContain("\n");

    const other = join(fixture.dir, "settings.json");
    writeFileSync(other, JSON.stringify({ theme: "dark" }));
    const notBundle = await failure(client.openDatabase({ path: other }));
    expect(notBundle.code).toBe("INVALID_ARGUMENT");
    expect(notBundle.message).toContain(`Bundle "${other}" is not a Chronograph bundle`);
    expect(notBundle.message).not.toContain("\n");
    expect(existsSync(join(fixture.dir, "config", "cache", "bundles")) ? readdirSync(join(fixture.dir, "config", "cache", "bundles")) : []).toEqual([]);

    expect((await client.getDatabase({}))?.path).toBe(fixture.db);
  });
});
