import { describe, expect, it } from "vitest";
import { isChronographError } from "../api/errors.ts";
import { pageThreads, previewOf, previewToken, pruneOptionsOf } from "./storage-report.ts";

describe("pageThreads", () => {
  it("sorts threads largest first (ties by id), pages them and totals every thread", () => {
    const threads = [
      { threadId: "b", checkpoints: 1, bytes: 10 },
      { threadId: "a", checkpoints: 1, bytes: 10 },
      { threadId: "c", checkpoints: 3, bytes: 300 },
    ];
    const page = pageThreads(threads, 1, 1);
    expect(page.threads.map((thread) => thread.threadId)).toEqual(["a"]);
    expect(page.threadCount).toBe(3);
    expect(page.totalBytes).toBe(320);
    expect(pageThreads(threads).threads.map((thread) => thread.threadId)).toEqual(["c", "a", "b"]);
  });
});

describe("pruneOptionsOf", () => {
  it("needs a count or a date, and passes on only what was given", () => {
    expect(() => pruneOptionsOf("prune", {})).toThrowError(/keepLast .* or olderThan/);
    try {
      pruneOptionsOf("prune", { threadId: "t" });
    } catch (error) {
      expect(isChronographError(error, "INVALID_ARGUMENT")).toBe(true);
    }
    expect(pruneOptionsOf("prune", { keepLast: 0 })).toEqual({ keepLast: 0 });
    expect(pruneOptionsOf("prune", { olderThan: 5, threadId: "t" })).toEqual({ olderThan: 5 });
  });
});

describe("previewToken", () => {
  const doomed = new Map([["t", ["1", "2"]]]);
  it("is the same for the same options, database stamp and doomed ids, whatever the map's order", () => {
    const two = new Map([["u", ["9"]], ["t", ["1", "2"]]]);
    const reversed = new Map([["t", ["1", "2"]], ["u", ["9"]]]);
    expect(previewToken({ keepLast: 2 }, undefined, "5:5", two)).toBe(previewToken({ keepLast: 2 }, undefined, "5:5", reversed));
  });
  it("changes when a checkpoint was added or removed, the doomed ids differ, or the options or scope differ", () => {
    const base = previewToken({ keepLast: 2 }, undefined, "5:5", doomed);
    expect(previewToken({ keepLast: 2 }, undefined, "6:6", doomed)).not.toBe(base);
    expect(previewToken({ keepLast: 2 }, undefined, "5:5", new Map([["t", ["1"]]]))).not.toBe(base);
    expect(previewToken({ keepLast: 3 }, undefined, "5:5", doomed)).not.toBe(base);
    expect(previewToken({ keepLast: 2, olderThan: 1 }, undefined, "5:5", doomed)).not.toBe(base);
    expect(previewToken({ keepLast: 2 }, "t", "5:5", doomed)).not.toBe(base);
  });
});

describe("previewOf", () => {
  const doomed = new Map([
    ["small", ["s1"]],
    ["big", ["b1", "b2", "b3"]],
  ]);
  const counts = new Map([
    ["small", 3],
    ["big", 5],
    ["untouched", 2],
  ]);
  it("counts what goes and stays per thread, largest removal first, and lists that thread's ids", () => {
    const preview = previewOf({ token: "k", doomed, counts, bytes: 42 });
    expect(preview).toEqual({
      token: "k",
      removed: 4,
      bytes: 42,
      threads: [
        { threadId: "big", removed: 3, kept: 2 },
        { threadId: "small", removed: 1, kept: 2 },
      ],
      listed: { threadId: "big", ids: ["b1", "b2", "b3"], offset: 0, total: 3 },
    });
  });
  it("pages the ids of the thread asked for, and lists none for a thread losing nothing", () => {
    expect(previewOf({ token: "k", doomed, counts, bytes: 0, listThreadId: "big", offset: 1, limit: 1 }).listed).toEqual({ threadId: "big", ids: ["b2"], offset: 1, total: 3 });
    expect(previewOf({ token: "k", doomed, counts, bytes: 0, listThreadId: "untouched" }).listed).toEqual({ threadId: "untouched", ids: [], offset: 0, total: 0 });
    expect(previewOf({ token: "k", doomed: new Map(), counts, bytes: 0 })).toMatchObject({ removed: 0, threads: [], listed: null });
  });
});
