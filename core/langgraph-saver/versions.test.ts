import { compareChannelVersions } from "@langchain/langgraph-checkpoint";
import { describe, expect, it } from "vitest";
import { nextVersion, versionCounter } from "./versions.ts";

describe("ChronographSaver channel versions", () => {
  it("count on from numbers, strings and nothing", () => {
    expect(versionCounter(undefined)).toBe(0);
    expect(versionCounter(7)).toBe(7);
    expect(versionCounter("00000000000000000000000000000041.123")).toBe(41);
    expect(versionCounter(nextVersion(41))).toBe(42);
    expect(versionCounter(nextVersion(nextVersion(undefined)))).toBe(2);
  });

  it("sort after the version they follow under LangGraph's own comparison, whatever the draws", () => {
    let version: number | undefined;
    for (let step = 0; step < 1000; step += 1) {
      const next = nextVersion(version, () => (step % 2 === 0 ? 0 : 0.999_999_999_9));
      if (version !== undefined) expect(compareChannelVersions(next, version)).toBe(1);
      version = next;
    }
    expect(versionCounter(version)).toBe(1000);
  });

  it("differ between two branches forked from the same version, and read back from JSON as themselves", () => {
    const draws = [0.1, 0.2];
    const a = nextVersion(5, () => draws.shift()!);
    const b = nextVersion(5, () => draws.shift()!);
    expect(a).not.toBe(b);
    expect(JSON.parse(JSON.stringify({ a })).a).toBe(a);
    expect(String(JSON.parse(JSON.stringify(b)))).toBe(String(b));
  });
});
