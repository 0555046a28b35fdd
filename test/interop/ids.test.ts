/**
 * LangGraph's ids: our XXH3-128 against LangGraph.js's own implementation and the interrupt ids stored
 * in the fixtures, UUIDv5 against @langchain/langgraph-checkpoint's, and new UUIDv6 checkpoint ids that
 * carry the step as each runtime does and always sort after the thread's newest id.
 */
import { uuid5 as theirUuid5 } from "@langchain/langgraph-checkpoint";
import { describe, expect, it } from "vitest";
import { clockSeqField, newCheckpointUuid, uuid5, uuidBytes, uuidTicks } from "../../core/interop/ids.ts";
import { xxh3Hex } from "../../core/interop/xxh3.ts";
// @ts-expect-error LangGraph.js's internal XXH3 (no types; not a public export)
import { XXH3 } from "../../node_modules/@langchain/langgraph/dist/hash.js";
import { expectedOf, fixtureNames } from "./helpers.ts";

describe("XXH3-128", () => {
  it("matches the specification's value for empty input", () => {
    expect(xxh3Hex("")).toBe("99aa06d3014798d86001c324468d497f");
  });

  it("matches LangGraph.js's implementation on every length path (4 to 1,300 bytes)", () => {
    for (let length = 4; length <= 1300; length += length < 300 ? 1 : 23) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 167 + length * 13) & 0xff);
      expect(xxh3Hex(bytes), `length ${length}`).toBe(XXH3(bytes));
    }
    expect(xxh3Hex("ns|node:1f1e6d3b-1281-6cc0-8001-aeb713e8ea7c")).toBe(XXH3("ns|node:1f1e6d3b-1281-6cc0-8001-aeb713e8ea7c"));
  });

  it("reproduces every interrupt id stored in the fixtures (XXH3 of the task's namespace)", () => {
    let checked = 0;
    for (const name of fixtureNames()) {
      for (const ns of expectedOf(name).namespaces) {
        for (const checkpoint of ns.checkpoints) {
          for (const task of checkpoint.tasks) {
            for (const interrupt of task.interrupts) {
              expect(xxh3Hex(`${task.name}:${task.id}`)).toBe(interrupt.id);
              checked += 1;
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});

describe("UUIDs", () => {
  it("UUIDv5 equals LangGraph's", () => {
    const namespace = "1f1e6d3b-1281-6cc0-8001-aeb713e8ea7c";
    for (const name of ["__interrupt__", "__input__", '["a","1","a","__pregel_pull",["branch:to:a"]]', "ünïcode"]) expect(uuid5(name, namespace)).toBe(theirUuid5(name, namespace));
  });

  it("UUIDv5 stays LangGraph's when the namespace changes between calls (upper case and dashless too)", () => {
    const namespaces = ["1f1e6d3b-1281-6cc0-8001-aeb713e8ea7c", "1F1E6D3B-1281-6CC0-8001-AEB713E8EA7D", "1f1e6d3b12816cc08001aeb713e8ea7c", "00000000-0000-0000-0000-000000000000"];
    for (let round = 0; round < 3; round += 1) {
      for (const namespace of namespaces) expect(uuid5(`__interrupt__:${round}`, namespace)).toBe(theirUuid5(`__interrupt__:${round}`, namespace));
    }
  });

  it("parses a UUID's 16 bytes and names text that is not one", () => {
    expect(Buffer.from(uuidBytes("1f1e6d3b-1281-6cc0-8001-aeb713e8eA7c")).toString("hex")).toBe("1f1e6d3b12816cc08001aeb713e8ea7c");
    for (const bad of ["", "1f1e6d3b-1281-6cc0-8001-aeb713e8ea7", "1f1e6d3b-1281-6cc0-8001-aeb713e8ea7c0", "1f1e6d3b-1281-6cc0-8001-aeb713e8ea7g", "thread-1"]) {
      expect(() => uuidBytes(bad)).toThrow(`"${bad}" is not a UUID`);
    }
    expect(() => uuid5("x", "not-a-uuid")).toThrow('"not-a-uuid" is not a UUID');
  });

  it("new checkpoint ids carry the step like each runtime, and sort after the newest id", () => {
    expect(clockSeqField(-1, "js").toString(16)).toBe("ffff");
    expect(clockSeqField(2, "js").toString(16)).toBe("8002");
    expect(clockSeqField(-1, "py").toString(16)).toBe("bfff");
    expect(clockSeqField(5, "py").toString(16)).toBe("8005");
    const future = "1fff0000-0000-6000-8000-000000000000";
    const id = newCheckpointUuid(0x8003, future, Date.UTC(2020, 0, 1));
    expect(id > future).toBe(true);
    expect(id.split("-")[3]).toBe("8003");
    const now = newCheckpointUuid(0x8000, null, Date.UTC(2026, 10, 23, 0, 20, 31));
    expect(Number((uuidTicks(now)! - 0x01b21dd213814000n) / 10_000n)).toBe(Date.UTC(2026, 10, 23, 0, 20, 31));
  });

  it("a fixture id's timestamp agrees with its checkpoint's ts", () => {
    const checkpoint = expectedOf("fork-update.sqlite").namespaces[0]!.checkpoints[0]!;
    const millis = Number((uuidTicks(checkpoint.checkpoint_id)! - 0x01b21dd213814000n) / 10_000n);
    expect(Math.abs(millis - Date.parse(checkpoint.created_at))).toBeLessThan(5);
  });
});
