/**
 * `npm run demo:db`: writes examples/demo.db, the database the app opens by default, with one thread per
 * thing the debugger can show: a run killed by SIGKILL and resumed, a human approval still waiting, one
 * approved past a breakpoint, one paused at the breakpoint, a fork with three branches, a node that
 * failed with a TimeoutError, a failure resumed to the end, a retry that recovered, a Send fan-out with a
 * join, a run stopped by the user, and a few more finished runs so the list looks alive.
 *
 *   tsx examples/demo-db.ts [--db FILE]   (default examples/demo.db, replaced on every run)
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Command, type Checkpointer, type ThreadSummary } from "../core/index.ts";
import { SqliteSaver } from "../core/storage/sqlite/index.ts";
import { approvalGraph, REFUND_4411, type RefundRequest } from "./approval.ts";
import { isMain, REPO_ROOT, runScript } from "./cli.ts";
import { FakeModel } from "./fake-model.ts";
import { RELEASE_NOTE, translateGraph } from "./fan-out.ts";
import { FakeCms, publishGraph, WEEKLY_REPORT } from "./flaky-publish.ts";
import { forkResearch } from "./fork.ts";
import { runResearch } from "./research-pipeline.ts";

export const DEMO_DB = join(REPO_ROOT, "examples", "demo.db");

type Log = (line: string) => void;

/** Replace `file` with a fresh demo database and resolve to its threads, most recently updated first. */
export async function writeDemoDatabase(file: string, log: Log = (line) => console.log(line)): Promise<ThreadSummary[]> {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });

  log("research-crash-resume: a child process runs the pipeline and is killed with SIGKILL after outline");
  const child = await runScript(join(REPO_ROOT, "examples", "research-pipeline.ts"), ["--db", file, "--thread", "research-crash-resume", "--crash-after", "outline", "--delay", "2"]);
  if (child.signal !== "SIGKILL") throw new Error(`The crashing child should have been killed, but it exited with code ${child.code}:\n${child.stdout}${child.stderr}`);
  logIndented(log, child.stdout);

  const store = SqliteSaver.open(file);
  try {
    const model = new FakeModel({ delayMs: 2 });
    await finishedResearch(store, model, log);
    await approvals(store, log);
    await failures(store, log);
    log("translate-release: Send fans out one translate task per language; release joins proofread and typeset");
    await translateGraph({ checkpointer: store }).invoke(RELEASE_NOTE, { threadId: "translate-release" });
    log("research-fork: the original run, an edited outline (updateState as outline), and a replay with another model");
    await forkResearch(store, "research-fork");
    log("research-crash-resume: resumed in this process");
    await runResearch({ store, threadId: "research-crash-resume", model, log: (line) => log(`  ${line}`) });
    store.walCheckpoint();
    return await store.listThreads();
  } finally {
    await store.close();
  }
}

const QUESTIONS: Record<string, string> = {
  "research-checkpoint-cost": "What does it cost to checkpoint every step of an agent run?",
  "research-human-review": "When should a human approve an agent's action before it happens?",
  "research-debugging": "How do teams debug long-running agent workflows?",
};

async function finishedResearch(store: Checkpointer, model: FakeModel, log: Log): Promise<void> {
  for (const [threadId, question] of Object.entries(QUESTIONS)) {
    log(`${threadId}: a finished run`);
    await runResearch({ store, threadId, question, model, log: () => {} });
  }
  log("research-stopped: stopped by the user (AbortSignal) after outline; left pending");
  await runResearch({ store, threadId: "research-stopped", question: "Which storage engines suit a local-first debugger?", model, stopAfter: "outline", log: () => {} });
}

async function approvals(store: Checkpointer, log: Log): Promise<void> {
  const plain = approvalGraph({ checkpointer: store });
  const guarded = approvalGraph({ checkpointer: store, paymentBreakpoint: true });
  const request = (customer: string, ticket: string, amount: number, reason: string): { request: RefundRequest } => ({ request: { customer, ticket, amount, reason } });

  log("approval-declined: a reviewer declines a refund");
  await plain.invoke(request("6688", "T-20874", 640, "Laptop returned after 45 days"), { threadId: "approval-declined" });
  await plain.invoke(new Command({ resume: { approved: false, note: "Outside the 30-day return window; offered a repair instead." } }), { threadId: "approval-declined" });

  log("approval-approved: approved, stopped at the breakpoint before send_refund, then continued");
  await guarded.invoke(request("5120", "T-20932", 89.5, "Charged twice for one order"), { threadId: "approval-approved" });
  await guarded.invoke(new Command({ resume: { approved: true, note: "Duplicate charge confirmed in the payment log." } }), { threadId: "approval-approved" });
  await guarded.invoke(null, { threadId: "approval-approved" });

  log("approval-at-breakpoint: approved, paused before send_refund (interruptBefore)");
  await guarded.invoke(request("7302", "T-20951", 45, "Delivery three weeks late"), { threadId: "approval-at-breakpoint" });
  await guarded.invoke(new Command({ resume: { approved: true } }), { threadId: "approval-at-breakpoint" });

  log("approval-waiting: waiting for a human to answer the interrupt");
  await plain.invoke({ request: REFUND_4411 }, { threadId: "approval-waiting" });
}

async function failures(store: Checkpointer, log: Log): Promise<void> {
  log("publish-retried: the CMS times out once; the retry succeeds");
  await publishGraph({ checkpointer: store, cms: new FakeCms(1) }).invoke(WEEKLY_REPORT, { threadId: "publish-retried" });

  log("publish-resumed: every attempt times out; once the CMS is back, invoke(null) runs only publish");
  await expectFailure(publishGraph({ checkpointer: store, cms: new FakeCms(Infinity) }).invoke(WEEKLY_REPORT, { threadId: "publish-resumed" }));
  await publishGraph({ checkpointer: store, cms: new FakeCms(0) }).invoke(null, { threadId: "publish-resumed" });

  log("publish-cms-down: every attempt times out; the error stays on the publish task");
  await expectFailure(publishGraph({ checkpointer: store, cms: new FakeCms(Infinity) }).invoke(WEEKLY_REPORT, { threadId: "publish-cms-down" }));
}

async function expectFailure(run: Promise<unknown>): Promise<void> {
  const error = await run.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!(error instanceof Error) || error.name !== "TimeoutError") throw new Error(`Expected the publish run to fail with a TimeoutError, got ${String(error)}.`);
}

function logIndented(log: Log, text: string): void {
  for (const line of text.trimEnd().split("\n")) log(`  ${line}`);
}

/** The summary printed at the end: one row per thread. */
export function formatThreads(threads: ThreadSummary[]): string[] {
  const header = ["thread", "graph", "status", "last node", "step", "checkpoints", "branches"];
  const rows = threads.map((thread) => [thread.threadId, thread.graphName ?? "?", thread.status, thread.writers.join(",") || "-", String(thread.step), String(thread.checkpointCount), String(thread.branchCount)]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  return [header, ...rows].map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd());
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { db: { type: "string", default: DEMO_DB } } });
  const started = performance.now();
  const threads = await writeDemoDatabase(values.db);
  console.log(`\nWrote ${threads.length} threads to ${values.db} in ${((performance.now() - started) / 1000).toFixed(1)} s:\n`);
  for (const line of formatThreads(threads)) console.log(`  ${line}`);
}

if (isMain(import.meta.url)) await main();
