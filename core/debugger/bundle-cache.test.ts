import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { bundleCopiesToRemove, sweepBundleCopies, type CacheFile } from "./bundle-cache.ts";

const HOUR = 60 * 60 * 1000;
const NOW = Date.UTC(2026, 10, 30, 12);
const policy = { keep: 2, maxAgeMs: 24 * HOUR };
const copy = (thread: string, digit: string) => `${thread}-${digit.repeat(16)}.sqlite`;
const file = (name: string, hoursAgo: number): CacheFile => ({ name, mtimeMs: NOW - hoursAgo * HOUR });

describe("bundleCopiesToRemove", () => {
  it("keeps the most recently opened unused copies and removes the rest with their side files", () => {
    const files = [file(copy("a", "1"), 1), file(`${copy("a", "1")}-wal`, 1), file(copy("b", "2"), 2), file(copy("c", "3"), 3), file(`${copy("c", "3")}-shm`, 3), file(copy("d", "4"), 4)];
    expect(bundleCopiesToRemove(files, new Set(), NOW, policy)).toEqual([copy("c", "3"), `${copy("c", "3")}-shm`, copy("d", "4")]);
  });

  it("removes an unused copy opened more than a day ago even when few copies are left", () => {
    expect(bundleCopiesToRemove([file(copy("a", "1"), 25), file(`${copy("a", "1")}-journal`, 25), file(copy("b", "2"), 23)], new Set(), NOW, policy)).toEqual([copy("a", "1"), `${copy("a", "1")}-journal`]);
  });

  it("never removes a copy a session uses, however old, nor counts it among those kept", () => {
    const files = [file(copy("old", "0"), 100), file(`${copy("old", "0")}-wal`, 100), file(copy("a", "1"), 1), file(copy("b", "2"), 2), file(copy("c", "3"), 3)];
    expect(bundleCopiesToRemove(files, new Set([copy("old", "0")]), NOW, policy)).toEqual([copy("c", "3")]);
  });

  it("leaves files not named like copies, and young partial imports and side files (an import may be under way)", () => {
    const files = [file("notes.txt", 500), file("other.sqlite", 500), file("a-123.sqlite", 500), file(`${copy("p", "5")}.4242.partial`, 1), file(`${copy("q", "6")}-wal`, 1)];
    expect(bundleCopiesToRemove(files, new Set(), NOW, policy)).toEqual([]);
  });

  it("removes a partial import and side files whose copy is gone once they are a day old", () => {
    const files = [file(`${copy("p", "5")}.4242.partial`, 30), file(`${copy("p", "5")}.4242.partial-journal`, 30), file(`${copy("q", "6")}-wal`, 30)];
    expect(bundleCopiesToRemove(files, new Set(), NOW, policy)).toEqual([`${copy("p", "5")}.4242.partial`, `${copy("p", "5")}.4242.partial-journal`, `${copy("q", "6")}-wal`]);
  });
});

describe("sweepBundleCopies", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("removes only old copies directly in the folder: not a folder or link named like one, not what a link points to, not other files", () => {
    const root = mkdtempSync(join(tmpdir(), "chronograph-bundle-cache-"));
    dirs.push(root);
    const folder = join(root, "config", "cache", "bundles");
    mkdirSync(folder, { recursive: true });
    const outside = join(root, copy("outside", "9"));
    writeFileSync(outside, "not ours");
    const write = (name: string, hoursAgo: number) => {
      writeFileSync(join(folder, name), "x");
      const at = new Date(NOW - hoursAgo * HOUR);
      utimesSync(join(folder, name), at, at);
    };
    write(copy("fresh", "1"), 1);
    write(copy("old", "2"), 30);
    write(`${copy("old", "2")}-wal`, 30);
    write(copy("open", "3"), 90);
    write("readme.txt", 500);
    mkdirSync(join(folder, copy("dir", "4")));
    symlinkSync(outside, join(folder, copy("link", "5")));

    const removed = sweepBundleCopies(folder, [join(folder, copy("open", "3"))], NOW, policy);
    expect(removed).toEqual([copy("old", "2"), `${copy("old", "2")}-wal`]);
    expect(readdirSync(folder).sort()).toEqual([copy("dir", "4"), copy("fresh", "1"), copy("link", "5"), copy("open", "3"), "readme.txt"].sort());
    expect(existsSync(outside)).toBe(true);
  });

  it("does nothing when the folder does not exist", () => {
    expect(sweepBundleCopies(join(tmpdir(), "chronograph-no-such-folder", "bundles"), [], NOW, policy)).toEqual([]);
  });
});
