/** Checkpoint ids: UUID version 7 text that sorts in creation order, also within one millisecond and across a counter overflow. */
import { describe, expect, it } from "vitest";
import { newCheckpointId } from "./ids.ts";

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("newCheckpointId", () => {
  it("makes UUID v7 ids that sort in creation order, with the millisecond in the first 48 bits", () => {
    // A fixed millisecond after any real one: the generator never goes back in time, whatever ran before.
    const start = Date.UTC(2100, 0, 1);
    const ids: string[] = [];
    // 5,000 ids in one millisecond overflow the 12-bit counter, which then borrows the next millisecond.
    for (let i = 0; i < 5_000; i += 1) ids.push(newCheckpointId(start));
    for (let i = 0; i < 50; i += 1) ids.push(newCheckpointId(start + 10 + Math.floor(i / 10)));
    for (const id of ids) expect(id).toMatch(UUID_V7);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(parseInt(ids[0]!.replace("-", "").slice(0, 12), 16)).toBe(start);
    expect(parseInt(ids.at(-1)!.replace("-", "").slice(0, 12), 16)).toBe(start + 14);
    // Variant nibbles are spread over 8, 9, a and b.
    expect(new Set(ids.map((id) => id[19])).size).toBe(4);
  });
});
