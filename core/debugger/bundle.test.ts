import { describe, expect, it } from "vitest";
import type { StoredCheckpoint } from "./bundle.ts";
import { parseRedactPath, redactCheckpoints, REDACTED } from "./bundle.ts";

const stored = (values: Record<string, unknown>, writes: Record<string, unknown>): StoredCheckpoint => ({
  record: { threadId: "t", checkpointId: "c", parentId: null, step: 0, source: "loop", createdAt: 0, versions: {}, tasks: [], writes, breakpoint: null, graph: null },
  values,
  pendingWrites: [{ taskId: "n", node: "n", kind: "update", value: { update: { ...writes.n as object }, goto: [] } }],
});

describe("redaction paths", () => {
  it("reads fields, quoted fields, indexes and wildcards", () => {
    expect(parseRedactPath('$.values["api key"].items[2].*')).toEqual([{ key: "values" }, { key: "api key" }, { key: "items" }, { index: 2 }, "*"]);
  });

  it("refuses what it does not support, naming the path", () => {
    expect(() => parseRedactPath("$.values..x")).toThrow(/Redaction path "\$\.values\.\.x" is not supported: cannot read it from character 9/);
    expect(() => parseRedactPath("$")).toThrow(/names the whole checkpoint/);
  });

  it("replaces every match in the state and in the updates that wrote it, and counts them", () => {
    const checkpoint = stored({ api_key: "sk-1", messages: [{ content: "hi", role: "user" }, { content: "yo", role: "ai" }] }, { n: { api_key: "sk-1", messages: [{ content: "yo" }] } });
    const counts = redactCheckpoints([checkpoint], ["$.values.api_key", "$.values.messages[*].content", "$.values.missing"]);
    expect(checkpoint.values).toEqual({ api_key: REDACTED, messages: [{ content: REDACTED, role: "user" }, { content: REDACTED, role: "ai" }] });
    expect(checkpoint.record.writes).toEqual({ n: { api_key: REDACTED, messages: [{ content: REDACTED }] } });
    expect(JSON.stringify(checkpoint.pendingWrites)).not.toContain("sk-1");
    expect(counts).toEqual([
      { path: "$.values.api_key", matches: 3 },
      { path: "$.values.messages[*].content", matches: 4 },
      { path: "$.values.missing", matches: 0 },
    ]);
  });
});
