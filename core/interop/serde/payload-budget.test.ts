import { describe, expect, it } from "vitest";
import { decodeMsgpack, encodeMsgpack } from "./msgpack.ts";
import { decodePayload } from "./payload.ts";

/** {"channel_values": {"items": [1, 1, ... count times]}, "ok": "yes"} */
function manyItems(count: number): Uint8Array {
  const text = (value: string) => [0xa0 | value.length, ...Buffer.from(value)];
  const head = [0x82, ...text("channel_values"), 0x81, ...text("items"), 0xdd, (count >>> 24) & 255, (count >>> 16) & 255, (count >>> 8) & 255, count & 255];
  const tail = [...text("ok"), ...text("yes")];
  const bytes = new Uint8Array(head.length + count + tail.length);
  bytes.set(head);
  bytes.fill(1, head.length, head.length + count);
  bytes.set(tail, head.length + count);
  return bytes;
}

describe("decoding within a budget", () => {
  it("skips an array over the item budget, names where it sits, and reads on past it", () => {
    const decoded = decodeMsgpack(manyItems(600_000), { items: 500_000, bytes: 1 << 20 });
    expect(decoded.problem).toBeUndefined();
    expect(decoded.overBudget).toEqual([expect.stringMatching(/^channel_values\.items: more than 500000 items \(600005 bytes\)/)]);
    const shown = decodePayload("msgpack", manyItems(600_000), "the checkpoint").value as Record<string, unknown>;
    expect(shown).toEqual({ channel_values: { items: { $placeholder: "too-large", bytes: 600_005, items: 600_000, reason: "more than 500000 items" } }, ok: "yes" });
  });

  it("decodes a value within budget exactly as without one, so edits can still round-trip", () => {
    const bytes = manyItems(1000);
    const decoded = decodeMsgpack(bytes, { items: 5000, bytes: 100 });
    expect(decoded.overBudget).toBeUndefined();
    expect(decoded.node).toEqual(decodeMsgpack(bytes).node);
    const canonical = encodeMsgpack(decoded.node);
    expect(encodeMsgpack(decodeMsgpack(canonical, { items: 5000, bytes: 100 }).node)).toEqual(canonical);
  });

  it("skips a string longer than the byte budget without decoding it", () => {
    const long = "z".repeat(70_000);
    const bytes = Uint8Array.from([0x81, 0xa1, 0x73, 0xdb, 0, ...[(long.length >>> 16) & 255, (long.length >>> 8) & 255, long.length & 255], ...Buffer.from(long)]);
    const decoded = decodeMsgpack(bytes, { items: 10, bytes: 65_536 });
    expect(decoded.node).toEqual({ kind: "map", entries: [[{ kind: "str", value: "s" }, { kind: "too-large", bytes: 70_005, items: null, reason: "longer than 65536 bytes" }]] });
  });

  it("shows 20,000 nested extensions without overflowing the stack or copying each level again", () => {
    let inner = Uint8Array.from([0x01]);
    for (let level = 0; level < 20_000; level += 1) {
      const next = new Uint8Array(inner.length + 6);
      next.set([0xc9, (inner.length >>> 24) & 255, (inner.length >>> 16) & 255, (inner.length >>> 8) & 255, inner.length & 255, 7]);
      next.set(inner, 6);
      inner = next;
    }
    const shown = decodePayload("msgpack", inner, "the value");
    let node = shown.value as Record<string, unknown>;
    let depth = 0;
    while (node && typeof node === "object" && "$delta_snapshot" in node) {
      node = node.$delta_snapshot as Record<string, unknown>;
      depth += 1;
    }
    expect(depth).toBe(32);
    expect(node).toHaveProperty("$unknown_extension");
  });
});

describe("JSON payloads within a budget", () => {
  it("replaces only the channel over budget in a LangGraph.js checkpoint, and says which", () => {
    const text = JSON.stringify({ v: 4, channel_values: { big: new Array(600_000).fill(0), small: 1 } });
    const decoded = decodePayload("json", text, "the checkpoint blob");
    expect(decoded.value).toMatchObject({ v: 4, channel_values: { big: { $placeholder: "too-large", items: 600_000 }, small: 1 } });
    expect(decoded.problem).toContain("channel_values.big: more than 500000 items");
  });

  it("shows a value nested 100,000 deep as a placeholder instead of overflowing the stack", () => {
    const decoded = decodePayload("json", `${"[".repeat(100_000)}${"]".repeat(100_000)}`, "the value");
    expect(decoded.value).toMatchObject({ $placeholder: "too-large", reason: "nested deeper than 1000 levels" });
  });
});
