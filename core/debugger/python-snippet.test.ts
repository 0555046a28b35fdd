import { describe, expect, it } from "vitest";
import { pythonLiteral, pythonResumeSnippet } from "./python-snippet.ts";

describe("pythonResumeSnippet", () => {
  it("resumes an interrupt with a Command carrying the value as a Python literal, at the given checkpoint", () => {
    const snippet = pythonResumeSnippet({ threadId: "ticket-7", checkpointId: "1f0-abc", resume: { approved: true, comment: null } });
    expect(snippet).toContain("from langgraph.types import Command");
    expect(snippet).toContain('config = {"configurable": { "thread_id": "ticket-7", "checkpoint_id": "1f0-abc" }}');
    expect(snippet).toContain('graph.stream(Command(resume={\n    "approved": True,\n    "comment": None,\n}), config, stream_mode="updates")');
  });

  it("writes the edit as the node first, then continues with None; no Command import when nothing is resumed", () => {
    const snippet = pythonResumeSnippet({ threadId: "t", checkpointId: "c1", update: { sections: ["a"] }, asNode: "outline", graphName: "app" });
    expect(snippet).not.toContain("Command");
    expect(snippet).toContain('config = app.update_state(config, {\n    "sections": [\n        "a",\n    ],\n}, as_node="outline")');
    expect(snippet).toContain('for chunk in app.stream(None, config, stream_mode="updates"):');
  });

  it("forks with new input: streams the input as a Python literal from the checkpoint, instead of None", () => {
    const snippet = pythonResumeSnippet({ threadId: "t", checkpointId: "c1", input: { topic: "tides", draft: false } });
    expect(snippet).not.toContain("Command");
    expect(snippet).not.toContain("update_state");
    expect(snippet).toContain('config = {"configurable": { "thread_id": "t", "checkpoint_id": "c1" }}');
    expect(snippet).toContain('for chunk in graph.stream({\n    "topic": "tides",\n    "draft": False,\n}, config, stream_mode="updates"):');
  });

  it("maps interrupt ids to values when several wait, and numbers and strings stay exact", () => {
    expect(pythonLiteral({ "id-1": "yes", "id-2": 2.5 })).toBe('{\n    "id-1": "yes",\n    "id-2": 2.5,\n}');
    expect(pythonLiteral('say "hi"')).toBe('"say \\"hi\\""');
  });
});
