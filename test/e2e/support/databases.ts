/**
 * Databases for the end-to-end tests, written by the real engine into real SQLite files: each test file
 * builds its own in a temporary folder, so tests never share state through a database.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "../../../core/index.ts";
import { SqliteSaver } from "../../../core/storage/sqlite/index.ts";
import { supportGraph } from "../fixtures/support-graph.ts";

export const HTML_TICKET = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"><b>bold?</b>';

/** The threads of the standard database, by what the user sees in the thread list. */
export const THREADS = {
  done: "ticket-done-1",
  urgent: "ticket-urgent-7",
  failed: "ticket-failed-3",
  forked: "ticket-forked-2",
  html: "ticket-html-9",
} as const;

export function tempDir(prefix = "chronograph-e2e-"): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Five threads of the support graph: done, waiting on an interrupt, failed, forked by an edit (two
 * branches), and one whose ticket text is HTML with a script in it.
 */
export async function buildSupportDatabase(file: string): Promise<void> {
  const saver = SqliteSaver.open(file);
  const graph = supportGraph(saver, 0);
  try {
    await graph.invoke({ ticket: "Where is my invoice?", mode: "normal" }, { threadId: THREADS.done });
    await graph.invoke({ ticket: "Refund my order #1234", mode: "urgent" }, { threadId: THREADS.urgent });
    await graph.invoke({ ticket: "Account locked", mode: "fail" }, { threadId: THREADS.failed }).catch(() => undefined);
    await graph.invoke({ ticket: "Change my plan", mode: "normal" }, { threadId: THREADS.forked });
    const history = await graph.getStateHistory({ threadId: THREADS.forked });
    const classified = history.find((snapshot) => snapshot.metadata.writes && "classify" in snapshot.metadata.writes)!;
    const edited = await graph.updateState(classified.config, { category: "billing" }, { asNode: "classify" });
    await graph.invoke(null, { threadId: THREADS.forked, checkpointId: edited.checkpointId });
    await graph.invoke({ ticket: HTML_TICKET, mode: "normal" }, { threadId: THREADS.html });
  } finally {
    await saver.close();
  }
}

/** `count` finished threads named thread-00001…, for the list and filter tests. */
export async function buildManyThreads(file: string, count: number): Promise<void> {
  const saver = SqliteSaver.open(file);
  const graph = supportGraph(saver, 0);
  try {
    for (let i = 1; i <= count; i += 1) {
      const mode = i % 5 === 0 ? "urgent" : i % 7 === 0 ? "fail" : "normal";
      await graph.invoke({ ticket: `ticket ${i}`, mode }, { threadId: `thread-${String(i).padStart(5, "0")}` }).catch(() => undefined);
    }
  } finally {
    await saver.close();
  }
}

/** Resume the urgent thread with `answer`, from another process's point of view (a second connection). */
export async function answerInterrupt(file: string, threadId: string, answer: unknown): Promise<void> {
  const saver = SqliteSaver.open(file);
  try {
    await supportGraph(saver, 0).invoke(new Command({ resume: answer }), { threadId });
  } finally {
    await saver.close();
  }
}
