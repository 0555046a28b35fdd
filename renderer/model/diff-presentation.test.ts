import { describe, expect, it } from "vitest";
import { formatPath, presentDiff, previewValue } from "./diff-presentation.ts";

describe("diff presentation", () => {
  it("writes paths the way a programmer reads them", () => {
    expect(formatPath(["messages", "3", "content"])).toBe("messages[3].content");
    expect(formatPath(["odd key", "x-y"])).toBe('["odd key"]["x-y"]');
    expect(formatPath(["0"])).toBe('["0"]');
    expect(formatPath([])).toBe("(state)");
  });

  it("sorts list items numerically and counts each kind", () => {
    const presented = presentDiff({
      from: "a",
      to: "b",
      changes: [
        { path: ["notes", "10"], kind: "added", after: "k" },
        { path: ["notes", "2"], kind: "added", after: "c" },
        { path: ["count"], kind: "changed", before: 1, after: 2 },
        { path: ["draft"], kind: "removed", before: { text: "x" } },
      ],
    });
    expect(presented.lines.map((line) => `${line.sign} ${line.path} ${line.before ?? ""}→${line.after ?? ""}`)).toEqual([
      "~ count 1→2",
      '- draft {"text":"x"}→',
      '+ notes[2] →"c"',
      '+ notes[10] →"k"',
    ]);
    expect(presented.counts).toEqual({ added: 2, removed: 1, changed: 1 });
    expect(presented.lines[2]!.field).toBe("notes");
  });

  it("cuts long previews and keeps HTML as plain characters", () => {
    expect(previewValue("x".repeat(500), 20)).toHaveLength(20);
    expect(previewValue("<img src=x onerror=alert(1)>")).toBe('"<img src=x onerror=alert(1)>"');
    expect(previewValue(undefined)).toBe("undefined");
  });
});
