import { describe, expect, it } from "vitest";
import { editWrites } from "./edit-writes.ts";

describe("editWrites", () => {
  it("shows each changed path of the written fields, before and after", () => {
    const original = { ticket: "Where is my invoice?", category: "question", notes: ["classified normal"], meta: { lang: "en", score: 1 } };
    const { lines, counts } = editWrites(original, { category: "billing", meta: { lang: "en", score: 2, tag: "x" } });
    expect(lines.map((line) => [line.sign, line.path, line.before, line.after])).toEqual([
      ["~", "category", '"question"', '"billing"'],
      ["~", "meta.score", "1", "2"],
      ["+", "meta.tag", null, '"x"'],
    ]);
    expect(counts).toEqual({ added: 1, removed: 0, changed: 2 });
  });

  it("names a list item by its index, and leaves out fields the draft does not write", () => {
    const { lines } = editWrites({ notes: ["a", "b"], ticket: "t" }, { notes: ["a", "B", "c"] });
    expect(lines.map((line) => `${line.sign} ${line.path}`)).toEqual(["~ notes[1]", "+ notes[2]"]);
  });

  it("writes nothing when the draft equals the checkpoint", () => {
    expect(editWrites({ a: 1 }, { a: 1 }).lines).toEqual([]);
  });
});
