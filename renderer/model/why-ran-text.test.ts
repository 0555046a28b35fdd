import { describe, expect, it } from "vitest";
import type { TaskExplanation, TaskTrigger } from "../../core/api/types.ts";
import { changedByText, channelText, lastRanText, scheduledByText } from "./why-ran-text.ts";

function explanation(over: Partial<TaskExplanation>): TaskExplanation {
  return { node: "release", checkpointId: "c", scheduled: true, triggers: [], scheduledBy: [], sends: [], lastRanAtStep: null, lastRanCheckpointId: null, ...over };
}

function trigger(over: Partial<TaskTrigger>): TaskTrigger {
  return { channel: "draft", version: "2", changedAtCheckpointId: "c2", changedAtStep: 2, changedBy: ["draft"], ...over };
}

describe("why-ran text", () => {
  it("groups the writers that scheduled the node by the kind of edge", () => {
    const text = scheduledByText(explanation({ scheduledBy: [{ from: "proofread", edge: "join" }, { from: "typeset", edge: "join" }, { from: "draft", edge: "fixed" }] }));
    expect(text).toBe("the join after proofread and typeset; the edge from draft");
    expect(scheduledByText(explanation({ scheduledBy: [{ from: "classify", edge: "conditional" }] }))).toBe("the conditional edge from classify");
    expect(scheduledByText(explanation({ scheduled: false }))).toBeNull();
  });

  it("says where the node last ran, or that it has not", () => {
    expect(lastRanText(explanation({ lastRanAtStep: 3, lastRanCheckpointId: "c3" }))).toBe("It last ran at step 3; since then:");
    expect(lastRanText(explanation({}))).toBe("It has not run before on this branch.");
  });

  it("names who changed a channel, and says so when the history read does not show it", () => {
    expect(changedByText(trigger({ changedBy: ["a", "b", "c"] }))).toBe("a, b and c");
    expect(changedByText(trigger({ changedAtStep: null, changedAtCheckpointId: null, changedBy: [] }))).toBe("a step before the history read");
  });

  it("reads routing and join channels as routes and joins, and leaves state fields alone", () => {
    expect(channelText("branch:to:respond")).toBe("the route to respond");
    expect(channelText("__join:proofread+typeset->release")).toBe("the join into release (proofread and typeset)");
    expect(channelText("join:a+b:c")).toBe("the join into c (a and b)");
    expect(channelText("messages")).toBe("messages");
  });
});
