import { describe, expect, it } from "vitest";
import { RunIndex, runFacts, withRuns, type RunInput } from "./run-boundaries.ts";

let clock = 0;
/** A checkpoint written after the previous one made here (ids and times ascend). */
function cp(id: string, parentId: string | null, step: number, runId: string | undefined, extra: Partial<RunInput> = {}): RunInput {
  clock += 1;
  const entry: RunInput = { checkpointId: id, parentId, step, source: step === -1 ? "input" : "loop", createdAt: clock, next: [], errors: [], interrupted: [], breakpoint: null, ...extra };
  if (runId !== undefined) entry.runId = runId;
  return entry;
}

/** One line per checkpoint that has facts: "id run N [started ...] [ended ...] [fixed by N]". */
function summary(entries: RunInput[]): string[] {
  const facts = runFacts(entries);
  return entries.flatMap((entry) => {
    const fact = facts.get(entry.checkpointId);
    if (!fact) return [];
    const parts = [entry.checkpointId];
    if (fact.run) parts.push(`run ${fact.run.number}`);
    const started = fact.run?.started;
    if (started) parts.push(`${started.how} after run ${started.previous.number} ${started.previous.end} at ${started.previous.step} (${started.previous.nodes.join(",")})`);
    if (fact.run?.ended) parts.push(`ended ${fact.run.ended}`);
    if (fact.errorFixed) parts.push(`${fact.errorFixed.nodes.join(",")} fixed by ${fact.errorFixed.run ?? "?"}`);
    return [parts.join(" ")];
  });
}

describe("run boundaries", () => {
  it("a resume after a crash starts run 2 where run 1 stopped without finishing", () => {
    const entries = [
      cp("a", null, -1, "r1", { next: ["plan"] }),
      cp("b", "a", 0, "r1", { next: ["outline"] }),
      cp("c", "b", 1, "r1", { next: ["draft"] }),
      cp("d", "c", 2, "r2", { next: ["review"] }),
      cp("e", "d", 3, "r2"),
    ];
    expect(summary(entries.reverse())).toEqual(["e run 2", "d run 2 resumed after run 1 unfinished at 1 (draft)", "c run 1 ended unfinished", "b run 1", "a run 1"]);
  });

  it("a failed step that a later run ran past is marked fixed by that run; the failure is how run 1 ended", () => {
    const entries = [
      cp("a", null, -1, "r1", { next: ["write"] }),
      cp("b", "a", 0, "r1", { next: ["publish"], errors: ["publish"] }),
      cp("c", "b", 1, "r2"),
    ];
    expect(summary(entries)).toEqual(["a run 1", "b run 1 ended failed publish fixed by 2", "c run 2 resumed after run 1 failed at 0 (publish)"]);
  });

  it("an answered interrupt reads as a wait, not a crash; a breakpoint as a pause", () => {
    const answered = [cp("a", null, -1, "r1", { next: ["review"] }), cp("b", "a", 0, "r1", { next: ["review"], answered: ["review"] }), cp("c", "b", 1, "r2")];
    expect(summary(answered)[2]).toBe("c run 2 resumed after run 1 interrupted at 0 (review)");
    const paused = [cp("a", null, -1, "r1", { next: ["pay"], breakpoint: { when: "before", nodes: ["pay"] } }), cp("b", "a", 0, "r2")];
    expect(summary(paused)).toEqual(["a run 1 ended breakpoint", "b run 2 resumed after run 1 breakpoint at -1 (pay)"]);
    expect(runFacts(paused).get("b")?.run?.started?.previous.when).toBe("before");
  });

  it("a second input after a finished run starts run 2 with no 'ended' mark; an update checkpoint between runs is looked through", () => {
    const entries = [
      cp("a", null, -1, "r1", { next: ["n"] }),
      cp("b", "a", 0, "r1"),
      cp("u", "b", 1, undefined, { source: "update", next: ["n"] }),
      cp("c", "u", 2, "r2"),
      cp("d", "c", 3, "r3", { source: "input", next: ["n"] }),
    ];
    expect(summary(entries)).toEqual(["a run 1", "b run 1", "c run 2 edited after run 1 finished at 0 ()", "d run 3 input after run 2 finished at 2 ()"]);
  });

  it("a replay's fork starts its run on a new branch; the original branch keeps its run", () => {
    const entries = [cp("a", null, -1, "r1", { next: ["n"] }), cp("b", "a", 0, "r1"), cp("f", "a", -1, "r2", { source: "fork", next: ["n"] }), cp("g", "f", 0, "r2")];
    expect(summary(entries)).toEqual(["a run 1", "b run 1", "f run 2 replayed after run 1 finished at 0 ()", "g run 2"]);
  });

  it("without run ids there are no run marks, but a failed step a later checkpoint ran past is still fixed", () => {
    const entries = [cp("a", null, -1, undefined, { next: ["x"] }), cp("b", "a", 0, undefined, { next: ["y"], errors: ["y"] }), cp("c", "b", 1, undefined)];
    expect(summary(entries)).toEqual(["b y fixed by ?"]);
    const plain = [cp("p", null, -1, undefined), cp("q", "p", 0, undefined)];
    expect(withRuns(plain)).toEqual(plain);
  });

  it("a fix a reader already knows of (LangGraph) gets the number of the run that made it", () => {
    const entries = [cp("a", null, -1, "r1", { next: ["x"] }), cp("b", "a", 0, "r1", { next: ["x"], errorFixed: { nodes: ["x"], run: null } }), cp("c", "b", 1, "r2")];
    expect(summary(entries)).toEqual(["a run 1", "b run 1 ended failed x fixed by 2", "c run 2 resumed after run 1 failed at 0 (x)"]);
  });

  it("an error on the thread's newest checkpoint stays unfixed", () => {
    const entries = [cp("a", null, -1, "r1", { next: ["x"] }), cp("b", "a", 0, "r1", { next: ["y"], errors: ["y"] })];
    expect(summary(entries)).toEqual(["a run 1", "b run 1"]);
  });

  it("a live run's checkpoints, taken one by one, give the marks a whole read gives", () => {
    // Three runs: run 1 fails at step 1, run 2 resumes and stops unfinished, run 3 resumes and finishes.
    const entries: RunInput[] = [cp("a", null, -1, "r1", { next: ["x"] }), cp("b", "a", 0, "r1", { next: ["y"] }), cp("c", "b", 1, "r1", { next: ["y"], errors: ["y"] })];
    const index = RunIndex.of(entries);
    const more = [cp("d", "c", 2, "r2", { next: ["z"] }), cp("e", "d", 3, "r2", { next: ["w"] }), cp("f", "e", 4, "r3", { next: ["v"] }), cp("g", "f", 5, "r3")];
    for (const entry of more) {
      // A live read hands back the newest rows again, unchanged, with each new one.
      expect(index.take(entries.at(-1)!)).toBe(true);
      expect(index.take(entry)).toBe(true);
      entries.push(entry);
      expect(index.facts).toEqual(runFacts(entries));
    }
    expect(summary(entries)).toEqual([
      "a run 1",
      "b run 1",
      "c run 1 ended failed y fixed by 2",
      "d run 2 resumed after run 1 failed at 1 (y)",
      "e run 2 ended unfinished",
      "f run 3 resumed after run 2 unfinished at 3 (w)",
      "g run 3",
    ]);
  });

  it("refuses to extend with a checkpoint older than the newest, or one read again with other errors", () => {
    const older = cp("o", null, -1, "r1", { next: ["x"] });
    const entries = [cp("a", null, -1, "r1", { next: ["x"] }), cp("b", "a", 0, "r1", { next: ["y"] })];
    const index = RunIndex.of(entries);
    expect(index.take(older)).toBe(false);
    expect(index.take({ ...entries[1]!, errors: ["y"] })).toBe(false);
    expect(index.take({ ...entries[1]! })).toBe(true);
  });
});
