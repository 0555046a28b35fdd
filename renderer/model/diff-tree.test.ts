import { describe, expect, it } from "vitest";
import { diffValues } from "../../core/api/diff.ts";
import { diffTree, groupKeys, type DiffGroup, type DiffLeaf } from "./diff-tree.ts";

describe("diffTree", () => {
  it("groups changes by field and folds single-child chains into one label", () => {
    const tree = diffTree(diffValues({ a: { b: { c: 1 } }, list: [1, 2] }, { a: { b: { c: 2 } }, list: [1, 3, 4] }));
    expect(tree.map((node) => [node.type, node.label])).toEqual([
      ["leaf", "a.b.c"],
      ["group", "list"],
    ]);
    const list = tree[1] as DiffGroup;
    expect(list.counts).toEqual({ added: 1, removed: 0, changed: 1 });
    expect((list.children as DiffLeaf[]).map((node) => [node.label, node.kind])).toEqual([
      ["[1]", "changed"],
      ["[2]", "added"],
    ]);
    expect(groupKeys(tree)).toEqual([list.key]);
  });

  it("shows a long string whole with the words that changed", () => {
    const long = (word: string) => `${"context ".repeat(60)}the refund was ${word} by policy ${"tail ".repeat(40)}`;
    const [leaf] = diffTree(diffValues({ answer: long("approved") }, { answer: long("declined") })) as DiffLeaf[];
    expect(leaf!.after).toBe(long("declined"));
    expect(leaf!.after!.length).toBeGreaterThan(600);
    expect(leaf!.words!.filter((part) => part.kind !== "same")).toEqual([
      { kind: "removed", text: "approved" },
      { kind: "added", text: "declined" },
    ]);
  });

  it("names messages and keeps a removed message apart from the one now at its index", () => {
    const m = (role: string, id: string, content: string) => ({ $message: role, id, content });
    const tree = diffTree(diffValues({ messages: [m("human", "h1", "hi"), m("ai", "a1", "x")] }, { messages: [m("ai", "a1", "y"), m("human", "h2", "ok")] }));
    const group = tree[0] as DiffGroup;
    const leaves = group.children as DiffLeaf[];
    expect(leaves.map((leaf) => [leaf.label, leaf.kind, leaf.note])).toEqual([
      ["[0].content", "changed", null],
      ["[0]", "removed", "Human message h1"],
      ["[1]", "added", "Human message h2"],
    ]);
  });

  it("shows a string too long to compare word by word as a whole-value replace", () => {
    const huge = (tail: string) => `${Array.from({ length: 3000 }, (_, i) => `w${i}`).join(" ")} ${tail}`;
    const reversed = (text: string) => text.split(" ").reverse().join(" ");
    const [leaf] = diffTree(diffValues({ log: huge("a") }, { log: reversed(huge("b")) })) as DiffLeaf[];
    expect(leaf!.words).toBeNull();
    expect(leaf!.before).toBe(huge("a"));
    expect(leaf!.after).toBe(reversed(huge("b")));
  });
});
