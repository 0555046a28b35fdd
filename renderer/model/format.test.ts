import { describe, expect, it } from "vitest";
import { baseName, formatCount, formatDuration, formatRelative, formatTime, plural, shortId, stepsRun } from "./format.ts";

describe("format", () => {
  it("shows durations in the unit a person reads", () => {
    expect(formatDuration(0.5)).toBe("500 µs");
    expect(formatDuration(12.4)).toBe("12 ms");
    expect(formatDuration(1250)).toBe("1.25 s");
    expect(formatDuration(184_000)).toBe("3m 04s");
    expect(formatDuration(null)).toBe("");
  });

  it("shows today's times with milliseconds and other days with the date", () => {
    const now = new Date(2026, 10, 23, 15, 0, 0).getTime();
    expect(formatTime(new Date(2026, 10, 23, 14, 3, 22, 120).getTime(), now)).toBe("14:03:22.120");
    expect(formatTime(new Date(2026, 10, 20, 9, 5, 1).getTime(), now)).toBe("2026-11-20 09:05:01");
    expect(formatTime(null, now)).toBe("—");
  });

  it("says how long ago", () => {
    const now = 10_000_000;
    expect(formatRelative(now - 1000, now)).toBe("just now");
    expect(formatRelative(now - 42_000, now)).toBe("42s ago");
    expect(formatRelative(now - 3 * 3600_000, now)).toBe("3h ago");
  });

  it("shortens ids to their tail and paths to their name", () => {
    expect(shortId("0190a1b2-c3d4-7000-8abc-1234567890ab")).toBe("…567890ab");
    expect(shortId("c1")).toBe("c1");
    expect(baseName("/tmp/runs/demo.db")).toBe("demo.db");
    expect(baseName("C:\\runs\\demo.db")).toBe("demo.db");
  });
});

describe("counts", () => {
  it("puts thousands separators in counts", () => {
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(formatCount(999)).toBe("999");
    expect(plural(12000, "checkpoint")).toBe("12,000 checkpoints");
    expect(plural(1, "step")).toBe("1 step");
    expect(plural(0, "step")).toBe("0 steps");
  });

  it("counts a thread that ran one node as 1 step, in Chronograph and LangGraph files", () => {
    // Chronograph: input at -1, the node's checkpoint at 0.
    expect(stepsRun(0, 0)).toBe(1);
    expect(stepsRun(-1, 0)).toBe(0);
    // LangGraph: input at -1, START's step at 0, the node's at 1.
    expect(stepsRun(1, 1)).toBe(1);
    expect(stepsRun(0, 1)).toBe(0);
    expect(stepsRun(-1, 1)).toBe(0);
  });
});
