/**
 * The values a put binds: each JSON column is exactly what its reader parses back, and the strings kept
 * from put to put (names as JSON, the run id's entry) never leak one put's text into another's.
 */
import { describe, expect, it } from "vitest";
import type { CheckpointRecord } from "../../checkpoint/types.ts";
import { checkpointValues, durationsJson, nameJson, tasksJson, versionsJson } from "./put-values.ts";
import { RUN_KEY, tasksFromJson } from "./rows.ts";

const origin = { channel: "(checkpoint record)", threadId: "t" };

function record(overrides: Partial<CheckpointRecord>): CheckpointRecord {
  return {
    threadId: "t",
    checkpointId: "c2",
    parentId: "c1",
    step: 1,
    source: "loop",
    createdAt: 5,
    versions: { counter: "c2", label: "c1" },
    tasks: [{ id: "next", node: "next" }],
    writes: { work: { counter: 1 } },
    breakpoint: null,
    graph: { name: "g", hash: "h" },
    ...overrides,
  };
}

describe("put values", () => {
  it("write versions with the checkpoint's own id as 0 and names quoted as JSON", () => {
    expect(versionsJson({ counter: "c2", 'odd "name"\n': "c1" }, "c2")).toBe('{"counter":0,"odd \\"name\\"\\n":"c1"}');
    expect(versionsJson({}, "c2")).toBe("{}");
    expect(nameJson('a"b')).toBe(JSON.stringify('a"b'));
    // Asked again, the kept text is the same.
    expect(nameJson('a"b')).toBe('"a\\"b"');
  });

  it("write the usual tasks as node names and any other task list whole, both reading back as given", () => {
    const usual = [{ id: "a", node: "a" }, { id: "b", node: "b" }];
    expect(tasksJson(usual, origin)).toBe('["a","b"]');
    expect(tasksJson([], origin)).toBe("[]");
    const sends = [{ id: "a", node: "a" }, { id: "s#0", node: "s", send: { arg: 1 } }];
    expect(tasksFromJson(tasksJson(sends, origin))).toEqual(sends);
    // A task with a field beyond id and node is not the usual one, even when its id is its node.
    const extra = [{ id: "a", node: "a", note: "x" }] as unknown as typeof usual;
    expect(tasksFromJson(tasksJson(extra, origin))).toEqual(extra);
  });

  it("give each run its own run id entry, whichever run came before", () => {
    const first = durationsJson({ durations: { work: 1.5 }, runId: "run-1" }, origin);
    const second = durationsJson({ durations: {}, runId: "run-2" }, origin);
    const firstAgain = durationsJson({ durations: { work: 2 }, runId: "run-1" }, origin);
    expect(JSON.parse(first!)).toEqual({ work: 1.5, [RUN_KEY]: "run-1" });
    expect(JSON.parse(second!)).toEqual({ [RUN_KEY]: "run-2" });
    expect(JSON.parse(firstAgain!)).toEqual({ work: 2, [RUN_KEY]: "run-1" });
    expect(durationsJson({ durations: { work: 1 } }, origin)).toBe('{"work":1}');
    expect(durationsJson({}, origin)).toBeNull();
    // A duration map that already holds the key: the run id wins, as one key.
    expect(JSON.parse(durationsJson({ durations: { [RUN_KEY]: 3 }, runId: "run-3" }, origin)!)).toEqual({ [RUN_KEY]: "run-3" });
  });

  it("bind every column in the INSERT's order, channels last", () => {
    const values = checkpointValues(record({ durations: { work: 1 }, runId: "r", breakpoint: { when: "before", nodes: ["next"] } }), "{}");
    expect(values).toEqual([
      "t",
      "c2",
      "c1",
      1,
      "loop",
      5,
      '{"counter":0,"label":"c1"}',
      '["next"]',
      '{"work":{"counter":1}}',
      '{"when":"before","nodes":["next"]}',
      "g",
      "h",
      `{"work":1,"${RUN_KEY}":"r"}`,
      "{}",
    ]);
    const bare = checkpointValues(record({ writes: null, graph: null, parentId: null }), "{}");
    expect([bare[2], bare[8], bare[10], bare[11], bare[12]]).toEqual([null, null, null, null, null]);
  });
});
