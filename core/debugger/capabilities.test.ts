import { describe, expect, it } from "vitest";
import { capabilitiesOf, KIND_TRAITS, traitsFor } from "./capabilities.ts";

const nothing = { runnable: 0, drawing: 0, problems: [] };

describe("capabilitiesOf", () => {
  it("lets the engine's own files run once matching code is loaded, and edit as input", () => {
    const loaded = capabilitiesOf(KIND_TRAITS.chronograph, { ...nothing, runnable: 1 });
    expect(loaded).toEqual({ canRun: true, canEdit: true, canEditAsInput: true, canChooseNext: true, runsOnEngine: true, canLoadGraphCode: true, hasGraphCode: true, firstNodeStep: 0, canPrune: true });
  });

  it("says how to load code when none is, or why the declared code failed to load", () => {
    expect(capabilitiesOf(KIND_TRAITS.chronograph, nothing)).toMatchObject({ canRun: false, hasGraphCode: false, runUnavailableReason: expect.stringMatching(/--graph/) });
    const failed = capabilitiesOf(KIND_TRAITS.chronograph, { ...nothing, problems: ["Module \"g.ts\" has no graph."] });
    expect(failed.runUnavailableReason).toBe("Module \"g.ts\" has no graph.");
  });

  it("runs LangGraph.js files (on LangGraph.js) once their code is loaded, and says to load it before", () => {
    const loaded = capabilitiesOf(KIND_TRAITS["langgraph-js"], { ...nothing, drawing: 1 });
    expect(loaded).toEqual({ canRun: true, canEdit: true, canEditAsInput: false, canChooseNext: true, runsOnEngine: false, canLoadGraphCode: true, hasGraphCode: true, firstNodeStep: 1, canPrune: false, pruneUnavailableReason: expect.stringMatching(/LangGraph/) });
    const none = capabilitiesOf(KIND_TRAITS["langgraph-js"], nothing);
    expect(none).toMatchObject({ canRun: false, hasGraphCode: false });
    expect(none.runUnavailableReason).toMatch(/need its graph code.*--graph/);
    expect(capabilitiesOf(KIND_TRAITS["langgraph-js"], { ...nothing, problems: ["oops."] }).runUnavailableReason).toMatch(/beside the database\)\. oops\.$/);
    // LangGraph.js's PostgreSQL tables run the same way, on the project's LangGraph.js with its PostgresSaver.
    expect(capabilitiesOf(traitsFor("langgraph-js", "postgres"), { ...nothing, drawing: 1 }).canRun).toBe(true);
    expect(capabilitiesOf(traitsFor("langgraph-js", "postgres"), nothing).canRun).toBe(false);
  });

  it("offers no graph code for Python files, whose code is Python", () => {
    const python = capabilitiesOf(KIND_TRAITS["langgraph-py"], nothing);
    expect(python).toMatchObject({ canRun: false, canEdit: true, canChooseNext: true, canLoadGraphCode: false, hasGraphCode: false, resumesElsewhere: "python" });
    expect(python.runUnavailableReason).toMatch(/Python graph code/);
  });
});

describe("capabilities on PostgreSQL", () => {
  it("runs and edits Chronograph's schema on Postgres as a file once matching code is loaded", () => {
    const pg = capabilitiesOf(traitsFor("chronograph", "postgres"), { ...nothing, runnable: 1 });
    expect(pg).toMatchObject({ canRun: true, canEdit: true, canEditAsInput: true, canChooseNext: true, runsOnEngine: true, hasGraphCode: true });
    expect(pg.editUnavailableReason).toBeUndefined();
    expect(capabilitiesOf(traitsFor("chronograph", "postgres"), nothing).runUnavailableReason).toMatch(/--graph/);
  });

  it("edits LangGraph.js's tables on Postgres in their own format, and refuses edits of Python LangGraph's, saying why", () => {
    const js = capabilitiesOf(traitsFor("langgraph-js", "postgres"), nothing);
    expect(js).toMatchObject({ canRun: false, canEdit: true, canEditAsInput: false });
    const py = capabilitiesOf(traitsFor("langgraph-py", "postgres"), nothing);
    expect(py).toMatchObject({ canRun: false, canEdit: false, canEditAsInput: false, canChooseNext: false });
    expect(py.editUnavailableReason).toMatch(/^Editing Python LangGraph's PostgreSQL tables is not supported yet: /);
    // The run refusal does not send the user to an edit that is refused here.
    expect(py.runUnavailableReason).toMatch(/^These are LangGraph's PostgreSQL tables/);
    expect(py.runUnavailableReason).not.toMatch(/Edit state/);
  });

  it("lets the storage view prune only Chronograph SQLite files, saying why for every other kind and store", () => {
    expect(capabilitiesOf(traitsFor("chronograph", "sqlite"), nothing)).toMatchObject({ canPrune: true });
    expect(capabilitiesOf(traitsFor("chronograph", "sqlite"), nothing).pruneUnavailableReason).toBeUndefined();
    expect(capabilitiesOf(traitsFor("chronograph", "postgres"), nothing).pruneUnavailableReason).toMatch(/SQLite files; on PostgreSQL/);
    for (const kind of ["langgraph-js", "langgraph-py", "chronograph-saver"] as const) {
      for (const store of ["sqlite", "postgres"] as const) {
        const capabilities = capabilitiesOf(traitsFor(kind, store), nothing);
        expect(capabilities.canPrune).toBe(false);
        expect(capabilities.pruneUnavailableReason).toMatch(/LangGraph/);
      }
    }
  });

  it("leaves the same kinds in SQLite files editable", () => {
    for (const kind of ["chronograph", "langgraph-js", "langgraph-py"] as const) {
      const file = capabilitiesOf(traitsFor(kind, "sqlite"), nothing);
      expect(file.canEdit).toBe(true);
      expect(file.editUnavailableReason).toBeUndefined();
    }
  });
});
