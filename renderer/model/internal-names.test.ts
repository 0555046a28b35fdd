import { describe, expect, it } from "vitest";
import { isInternalChannel, nextLabels, showsWriteKind, visibleFields, writerLabel, writerLabels } from "./internal-names.ts";

describe("LangGraph's internal names", () => {
  it("knows bookkeeping channels from state fields", () => {
    for (const name of ["branch:to:reduce", "join:a+b:merge", "start:plan", "__pregel_tasks", "__pregel_push", "__error__", "__interrupt__", "__resume__", "__input__", "__start__", "branch:agent:route:tools"]) {
      expect(isInternalChannel(name), name).toBe(true);
    }
    for (const name of ["messages", "city", "branch", "results", "_private", "__custom"]) expect(isInternalChannel(name), name).toBe(false);
  });

  it("says input and start for the input pseudo-writers, unless raw", () => {
    expect(writerLabel("__input__", false)).toBe("input");
    expect(writerLabel("__start__", false)).toBe("start");
    expect(writerLabel("__start__", true)).toBe("__start__");
    expect(writerLabel("agent", false)).toBe("agent");
    expect(writerLabels(["__input__", "__start__", "plan", "plan"], false)).toEqual(["input", "start", "plan"]);
    expect(nextLabels(["__start__"], false)).toEqual(["start"]);
    expect(nextLabels(["__start__"], true)).toEqual(["__start__"]);
  });

  it("hides routing writes from a task's result in normal views, keeps them raw", () => {
    const result = { city: "Porto", "branch:to:fetch_news": null, "join:a+b:merge": "a" };
    expect(visibleFields(result, false)).toEqual({ city: "Porto" });
    expect(visibleFields(result, true)).toBe(result);
    expect(visibleFields({ "branch:to:plan": null }, false)).toBeNull();
    expect(showsWriteKind("branch:to:plan", false)).toBe(false);
    expect(showsWriteKind("update", false)).toBe(true);
    expect(showsWriteKind("error", false)).toBe(true);
    expect(showsWriteKind("branch:to:plan", true)).toBe(true);
  });
});
