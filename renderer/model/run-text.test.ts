import { describe, expect, it } from "vitest";
import { boundaryText, boundaryTexts, endedText, fixedErrorText, startedText } from "./run-text.ts";

describe("run boundary words", () => {
  it("says how a run began and how the one before it ended", () => {
    const mark = { number: 2, started: { how: "resumed" as const, previous: { number: 1, step: 1, end: "unfinished" as const, nodes: ["draft"] } } };
    expect(startedText(mark, 2)).toBe("Run 2 resumed this thread");
    expect(boundaryText(mark, 2)).toBe("Run 2 resumed this thread; run 1 stopped without finishing after step 1.");
    expect(boundaryTexts(mark, 2)).toEqual({ started: "Run 2 resumed this thread", previous: "Run 1 stopped without finishing after step 1" });
    expect(startedText({ number: 3, started: { ...mark.started, how: "replayed" } }, 0)).toBe("Run 3 replayed this thread from step 0");
    expect(startedText({ number: 3, started: { ...mark.started, how: "input" } }, 4)).toBe("Run 3 started with a new input");
    expect(startedText({ number: 3, started: { ...mark.started, how: "edited" } }, 4)).toBe("Run 3 ran on from an edit");
    expect(startedText({ number: 1 }, 0)).toBeNull();
  });

  it("names the nodes of a failure, a wait and a breakpoint, and separates thousands", () => {
    expect(endedText(1, "failed", 0, ["publish"])).toBe("Run 1 failed in publish after step 0");
    expect(endedText(1, "interrupted", 0, ["human_review"])).toBe("Run 1 waited for an answer in human_review after step 0");
    expect(endedText(2, "breakpoint", 1, ["send_refund"], "before")).toBe("Run 2 paused at a breakpoint before send_refund (step 1)");
    expect(endedText(2, "breakpoint", 1, ["review"], "after")).toBe("Run 2 paused at a breakpoint after review (step 1)");
    expect(endedText(1, "unfinished", -1, ["plan"])).toBe("Run 1 stopped without finishing after its input");
    expect(endedText(1_204, "finished", 12_000, [])).toBe("Run 1,204 finished at step 12,000");
    expect(endedText(3, "unfinished", 4_096, ["draft"])).toBe("Run 3 stopped without finishing after step 4,096");
  });

  it("marks a fixed error with the run that fixed it", () => {
    expect(fixedErrorText({ nodes: ["publish"], run: 2 })).toBe("error in publish (fixed by run 2)");
    expect(fixedErrorText({ nodes: ["fetch", "parse"], run: null })).toBe("error in fetch, parse (fixed later)");
    expect(fixedErrorText({ nodes: ["publish"], run: 12_345 }, "short")).toBe("fixed by run 12,345");
  });
});
