import { compareChannelVersions } from "@langchain/langgraph-checkpoint";
import { describe, expect, it } from "vitest";
import { nextVersion, versionCounter } from "./versions.ts";

describe("ChronographSaver channel versions", () => {
  it("count on from numbers, strings and nothing", () => {
    expect(versionCounter(undefined)).toBe(0);
    expect(versionCounter(7)).toBe(7);
    expect(versionCounter(nextVersion(41))).toBe(42);
    expect(versionCounter(nextVersion(nextVersion(undefined)))).toBe(2);
  });

  it("sort after the version they follow under LangGraph's own comparison, past 9 and 99", () => {
    let version: string | undefined;
    for (let step = 0; step < 120; step += 1) {
      const next = nextVersion(version, () => 0);
      if (version !== undefined) expect(compareChannelVersions(next, version)).toBe(1);
      version = nextVersion(version, () => 0.999_999_99);
      expect(compareChannelVersions(version, next)).toBe(1);
    }
  });

  it("differ between two branches forked from the same version", () => {
    const draws = [0.1, 0.2];
    expect(nextVersion(5, () => draws.shift()!)).not.toBe(nextVersion(5, () => draws.shift()!));
  });
});
