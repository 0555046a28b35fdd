import { describe, expect, it } from "vitest";
import { capabilitiesOf, KIND_TRAITS } from "./capabilities.ts";

const nothing = { runnable: 0, drawing: 0, problems: [] };

describe("capabilitiesOf", () => {
  it("lets the engine's own files run once matching code is loaded, and edit as input", () => {
    const loaded = capabilitiesOf(KIND_TRAITS.chronograph, { ...nothing, runnable: 1 });
    expect(loaded).toEqual({ canRun: true, canEdit: true, canEditAsInput: true, runsOnEngine: true, canLoadGraphCode: true, hasGraphCode: true });
  });

  it("says how to load code when none is, or why the declared code failed to load", () => {
    expect(capabilitiesOf(KIND_TRAITS.chronograph, nothing)).toMatchObject({ canRun: false, hasGraphCode: false, runUnavailableReason: expect.stringMatching(/--graph/) });
    const failed = capabilitiesOf(KIND_TRAITS.chronograph, { ...nothing, problems: ["Module \"g.ts\" has no graph."] });
    expect(failed.runUnavailableReason).toBe("Module \"g.ts\" has no graph.");
  });

  it("never runs LangGraph.js files, even with their code loaded, which only draws the graph", () => {
    const drawn = capabilitiesOf(KIND_TRAITS["langgraph-js"], { ...nothing, drawing: 1 });
    expect(drawn).toMatchObject({ canRun: false, canEdit: true, canEditAsInput: false, runsOnEngine: false, canLoadGraphCode: true, hasGraphCode: true });
    expect(drawn.runUnavailableReason).toMatch(/loaded LangGraph\.js code draws the graph/);
    expect(capabilitiesOf(KIND_TRAITS["langgraph-js"], { ...nothing, problems: ["oops."] }).runUnavailableReason).toMatch(/resume with LangGraph\.js\. oops\.$/);
  });

  it("offers no graph code for Python files, whose code is Python", () => {
    const python = capabilitiesOf(KIND_TRAITS["langgraph-py"], nothing);
    expect(python).toMatchObject({ canRun: false, canEdit: true, canLoadGraphCode: false, hasGraphCode: false });
    expect(python.runUnavailableReason).toMatch(/Python graph code/);
  });
});
