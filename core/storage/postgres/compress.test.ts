import { describe, expect, it } from "vitest";
import { packWrites, writesText } from "./compress.ts";

/** Text like a chat message: letters and spaces with no repeats for an LZ coder to find. */
function message(length: number): string {
  let x = 12345;
  let text = "";
  for (let i = 0; i < length; i += 1) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    text += "abcdefghijklmnopqrstuvwxyz     "[x % 31];
  }
  return text;
}

describe("packWrites / writesText", () => {
  it("deflates a large update to at most three quarters and reads back the same JSON", () => {
    const json = JSON.stringify({ agent: { messages: [{ id: "m0001", role: "assistant", content: message(1024) }] } });
    const packed = packWrites(json);
    expect(packed.text).toBeNull();
    expect(packed.deflated!.length).toBeLessThan(json.length * 0.75);
    // What the reads' column expression hands back: "z" and the bytes in base64, with PostgreSQL's line breaks.
    const selected = `z${packed.deflated!.toString("base64").replace(/(.{76})/g, "$1\n")}`;
    expect(writesText(selected)).toBe(json);
  });

  it("keeps small writes and null as text", () => {
    expect(packWrites('{"a":{"n":1}}')).toEqual({ text: '{"a":{"n":1}}', deflated: null });
    expect(packWrites(null)).toEqual({ text: null, deflated: null });
    expect(writesText('{"a":{"n":1}}')).toBe('{"a":{"n":1}}');
    expect(writesText(null)).toBeNull();
  });
});
