/**
 * The stories the examples tell, held to what they claim: the research pipeline killed after its second
 * stage runs only the last two when started again, the approval resumes with the reviewer's answer, a
 * fork leaves the original branch alone, and the demo database holds every thread in its expected state.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Command, MemorySaver, type StateSnapshot } from "../core/index.ts";
import { createDebuggerService } from "../core/debugger/service.ts";
import { SqliteSaver } from "../core/storage/sqlite/index.ts";
import { approvalGraph, REFUND_4411, type ReviewRequest } from "../examples/approval.ts";
import { branchesOf } from "../examples/branches.ts";
import { REPO_ROOT, runScript } from "../examples/cli.ts";
import { FakeCms, publishGraph } from "../examples/flaky-publish.ts";
import { EDITED_SECTION, forkWithEditedOutline, replayWithAnotherModel } from "../examples/fork.ts";
import { researchPipeline, STAGES } from "../examples/research-pipeline.ts";

const dir = mkdtempSync(join(tmpdir(), "chronograph-examples-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The compact form of a history the scenario tests compare: no timestamps, no durations. */
function rows(history: StateSnapshot[]) {
  return history.map((snapshot) => ({
    id: snapshot.config.checkpointId,
    parent: snapshot.parentConfig?.checkpointId ?? null,
    source: snapshot.metadata.source,
    step: snapshot.metadata.step,
    next: snapshot.next,
    values: snapshot.values,
  }));
}

describe("research pipeline", () => {
  it("killed right after its second stage, runs only the last two stages when started again", async () => {
    const db = join(dir, "research.db");
    const sideEffects = join(dir, "research-side-effects.log");
    const script = join(REPO_ROOT, "examples", "research-pipeline.ts");
    const args = ["--db", db, "--thread", "t1", "--side-effects", sideEffects, "--delay", "1"];

    const crashed = await runScript(script, [...args, "--crash-after", "outline"]);
    expect(crashed.signal, crashed.stderr).toBe("SIGKILL");
    const resumed = await runScript(script, args);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain("stages run by this process: draft, final_report");

    const lines = readFileSync(sideEffects, "utf8").trim().split("\n");
    const ran = lines.map((line) => line.split(" ")[0]);
    const pids = lines.map((line) => line.split("pid=")[1]);
    expect(ran).toEqual([...STAGES]);
    expect(pids[0]).toBe(pids[1]);
    expect(pids[2]).toBe(pids[3]);
    expect(pids[2]).not.toBe(pids[0]);

    const store = SqliteSaver.open(db, { readonly: true });
    try {
      const history = await researchPipeline({ checkpointer: store }).getStateHistory({ threadId: "t1" });
      expect(history.map((snapshot) => `${snapshot.metadata.source} ${Object.keys(snapshot.metadata.writes ?? {}).join("+")}`).reverse()).toEqual([
        "input __start__",
        ...STAGES.map((stage) => `loop ${stage}`),
      ]);
      const final = history[0]!.values;
      expect(final.messages.map((message) => message.name)).toEqual(["user", ...STAGES]);
      expect(final.report).toContain(`# ${final.question}`);
      expect(final.sources).toHaveLength(4);
    } finally {
      await store.close();
    }
  });
});

describe("approval", () => {
  it("waits for a human and resumes with the reviewer's answer", async () => {
    const graph = approvalGraph({ checkpointer: new MemorySaver() });
    const waiting = await graph.invoke({ request: REFUND_4411 }, { threadId: "refund" });
    expect(waiting.__interrupt__).toHaveLength(1);
    const review = waiting.__interrupt__![0]!.value as ReviewRequest;
    expect(review.question).toBe("Approve sending the refund of $120 to customer #4411?");
    expect(review.draft).toContain("$120");
    const paused = await graph.getState({ threadId: "refund" });
    expect({ next: paused.next, interrupts: paused.interrupts.map((entry) => entry.node), outcome: paused.values.outcome }).toEqual({ next: ["human_review"], interrupts: ["human_review"], outcome: "" });
    expect((await graph.listThreads())[0]!.status).toBe("interrupted");

    const answer = { approved: true, note: "Photo of the damage checks out." };
    const done = await graph.invoke(new Command({ resume: answer }), { threadId: "refund" });
    expect(done.decision).toEqual(answer);
    expect(done.outcome).toMatch(/^Refund of \$120 sent to customer #4411 \(transaction rf_\w+\)\.$/);
    expect(done.messages.map((message) => message.name)).toEqual(["draft_reply", "reviewer", "send_refund"]);
    expect((await graph.listThreads())[0]!.status).toBe("done");
  });

  it("closes the ticket when the reviewer declines", async () => {
    const graph = approvalGraph({ checkpointer: new MemorySaver() });
    await graph.invoke({ request: REFUND_4411 }, { threadId: "refund" });
    const done = await graph.invoke(new Command({ resume: { approved: false, note: "Duplicate claim." } }), { threadId: "refund" });
    expect(done.outcome).toBe("Ticket T-20931 closed without a refund: Duplicate claim.");
  });

  it("stops before send_refund with the payment breakpoint until invoked again", async () => {
    const graph = approvalGraph({ checkpointer: new MemorySaver(), paymentBreakpoint: true });
    await graph.invoke({ request: REFUND_4411 }, { threadId: "refund" });
    await graph.invoke(new Command({ resume: { approved: true } }), { threadId: "refund" });
    const paused = await graph.getState({ threadId: "refund" });
    expect({ breakpoint: paused.breakpoint, next: paused.next, outcome: paused.values.outcome }).toEqual({ breakpoint: { when: "before", nodes: ["send_refund"] }, next: ["send_refund"], outcome: "" });
    const done = await graph.invoke(null, { threadId: "refund" });
    expect(done.outcome).toContain("Refund of $120 sent");
  });
});

describe("fork", () => {
  it("adds branches from past steps and leaves the original branch intact", async () => {
    const store = SqliteSaver.open(join(dir, "fork.db"));
    try {
      const graph = researchPipeline({ checkpointer: store });
      const original = await graph.invoke({ question: "Why fork a run?" }, { threadId: "f1" });
      const before = rows(await graph.getStateHistory({ threadId: "f1" }));

      const edited = await forkWithEditedOutline(store, "f1");
      const replayed = await replayWithAnotherModel(store, "f1");
      const after = await graph.getStateHistory({ threadId: "f1" });

      const unchanged = rows(after).filter((row) => before.some((old) => old.id === row.id));
      expect(unchanged).toEqual(before);
      expect((await graph.getState({ threadId: "f1", checkpointId: before[0]!.id })).values).toEqual(original);

      expect(edited.outline.at(-1)).toBe(EDITED_SECTION);
      expect(edited.report).toContain(`## ${EDITED_SECTION}`);
      expect(replayed.outline).not.toEqual(original.outline);
      const branches = branchesOf(after).map((path) => path.map((snapshot) => snapshot.metadata.source).join(" "));
      expect(branches).toEqual(["input loop loop loop loop", "input loop loop update loop loop", "input loop fork loop loop loop"]);
      expect((await graph.listThreads())[0]!.branchCount).toBe(3);
    } finally {
      await store.close();
    }
  });
});

describe("demo database", () => {
  it("holds every story with its status", async () => {
    const db = join(dir, "demo.db");
    const child = await runScript(join(REPO_ROOT, "examples", "demo-db.ts"), ["--db", db]);
    expect(child.code, child.stderr).toBe(0);
    expect(child.stdout).toContain("killing this process with SIGKILL");
    expect(child.stdout).toContain("stages run by this process: draft, final_report");

    const store = SqliteSaver.open(db, { readonly: true });
    try {
      const threads = await store.listThreads();
      const statuses = Object.fromEntries(threads.map((thread) => [thread.threadId, thread.status]));
      expect(statuses).toEqual({
        "research-crash-resume": "done",
        "research-fork": "done",
        "research-checkpoint-cost": "done",
        "research-human-review": "done",
        "research-debugging": "done",
        "research-stopped": "pending",
        "approval-waiting": "interrupted",
        "approval-at-breakpoint": "interrupted",
        "approval-approved": "done",
        "approval-declined": "done",
        "publish-cms-down": "error",
        "publish-resumed": "done",
        "publish-retried": "done",
        "translate-release": "done",
      });
      expect(threads.find((thread) => thread.threadId === "research-fork")?.branchCount).toBe(3);

      const failed = await publishGraph({ checkpointer: store, cms: new FakeCms(0) }).getState({ threadId: "publish-cms-down" });
      const tasks = Object.fromEntries(failed.tasks.map((task) => [task.name, task.error?.name ?? (task.result ? "finished" : "not run")]));
      expect(tasks).toEqual({ publish: "TimeoutError", archive: "finished" });

      const waiting = await approvalGraph({ checkpointer: store }).getState({ threadId: "approval-waiting" });
      expect((waiting.interrupts[0]?.value as ReviewRequest).question).toBe("Approve sending the refund of $120 to customer #4411?");

      const crashed = await researchPipeline({ checkpointer: store }).getStateHistory({ threadId: "research-crash-resume" });
      expect(crashed.map((snapshot) => snapshot.metadata.step).reverse()).toEqual([-1, 0, 1, 2, 3]);
      // The process killed after outline wrote steps -1..1 as one run; the process that resumed, steps 2..3 as another.
      const runs = crashed.map((snapshot) => snapshot.metadata.run_id).reverse();
      expect(runs.every((run) => typeof run === "string")).toBe(true);
      expect(runs.map((run) => (run === runs[0] ? "first" : run === runs[4] ? "second" : "other"))).toEqual(["first", "first", "first", "second", "second"]);
    } finally {
      await store.close();
    }
  });
});

describe("demo graph code", () => {
  it("declares a module for every graph in the demo database, so the debugger can replay and resume there", async () => {
    const db = join(dir, "demo.db");
    const store = SqliteSaver.open(db, { readonly: true });
    const graphNames = new Set((await store.listThreads()).map((thread) => thread.graphName));
    await store.close();
    const config = JSON.parse(readFileSync(join(REPO_ROOT, "examples", "chronograph.config.json"), "utf8")) as { graphs: Record<string, { module: string; export: string }> };
    expect(Object.keys(config.graphs).sort()).toEqual([...graphNames].sort());

    // Config modules must live beside the database: beside the copy, each re-exports the example's module
    // (as ESM, as in the repository).
    writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
    for (const entry of Object.values(config.graphs)) {
      writeFileSync(join(dir, entry.module), `export * from ${JSON.stringify(join(REPO_ROOT, "examples", entry.module))};\n`);
    }
    writeFileSync(join(dir, "chronograph.config.json"), JSON.stringify(config));
    const service = createDebuggerService({ configDir: join(dir, "config"), pollIntervalMs: 50 });
    try {
      expect((await service.openDatabase({ path: db })).trust?.state).toBe("untrusted");
      const info = await service.trustFolder({ folder: dir });
      expect(info?.runUnavailableReason).toBeUndefined();
      expect(info).toMatchObject({ canRun: true, readOnly: true });
      const { runId } = await service.startRun({ threadId: "approval-waiting", mode: "resume", resumeValue: { approved: true, note: "fine" } });
      await service.runSettled(runId);
      const thread = (await service.listThreads({})).rows.find((row) => row.threadId === "approval-waiting");
      expect(thread?.status).toBe("done");
    } finally {
      await service.close();
    }
  });
});
