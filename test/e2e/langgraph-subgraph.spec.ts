/**
 * Subgraphs opened from their parent, on a database LangGraph.js itself writes (nested subgraphs:
 * research → deep, waiting on an interrupt at the deepest level) in a temporary folder: the app opens on
 * the root graph, the thread list shows one row per thread and counts runs (read back with LangGraph.js's
 * own SqliteSaver.list and getState), the row expands to its namespaces, and a subgraph opens from the
 * parent's graph node, from the row and from the parent checkpoint's task, showing exactly the
 * checkpoints LangGraph.js lists under that checkpoint_ns.
 */
import type { Page } from "@playwright/test";
import { Command } from "@langchain/langgraph";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import { join } from "node:path";
import { expect, test } from "./support/test.ts";
import { hostPerFile, inspector, openApp, screenshots, selectedRow, tab, threadList, threadRow, timeline, timelineRows } from "./support/app.ts";
import { fitGraph } from "./support/langgraph-projects.ts";
import { nestedInterruptGraph } from "../interop/langgraph-graphs.ts";

const WAITING = ["nested-a", "nested-b"];
const DONE = "nested-done";

const app = hostPerFile(test, async (dir) => {
  const file = join(dir, "subgraphs.sqlite");
  const saver = SqliteSaver.fromConnString(file);
  try {
    for (const id of [...WAITING, DONE]) await nestedInterruptGraph(saver).invoke({ notes: ["start"] }, { configurable: { thread_id: id } });
    await nestedInterruptGraph(saver).invoke(new Command({ resume: "yes" }), { configurable: { thread_id: DONE } });
  } finally {
    saver.db.close();
  }
  return { file };
});

const file = () => join(app.dir, "subgraphs.sqlite");

/** What LangGraph.js reads from the file: each thread's status, and the checkpoints of one namespace (newest first). */
async function withSaver<T>(read: (saver: SqliteSaver) => Promise<T>): Promise<T> {
  const saver = SqliteSaver.fromConnString(file());
  try {
    return await read(saver);
  } finally {
    saver.db.close();
  }
}

async function runStatuses(): Promise<Map<string, "interrupted" | "done" | "pending">> {
  return withSaver(async (saver) => {
    const threads = new Set<string>();
    for await (const tuple of saver.list({})) threads.add(tuple.config.configurable!.thread_id as string);
    const statuses = new Map<string, "interrupted" | "done" | "pending">();
    for (const threadId of threads) {
      const state = await nestedInterruptGraph(saver).getState({ configurable: { thread_id: threadId } });
      statuses.set(threadId, state.tasks.some((task) => task.interrupts.length > 0) ? "interrupted" : state.next.length === 0 ? "done" : "pending");
    }
    return statuses;
  });
}

async function namespaceCheckpoints(threadId: string, namespace: string): Promise<Array<{ id: string; notes: string[] }>> {
  return withSaver(async (saver) => {
    const rows: Array<{ id: string; notes: string[] }> = [];
    for await (const tuple of saver.list({ configurable: { thread_id: threadId, checkpoint_ns: namespace } })) {
      rows.push({ id: tuple.checkpoint.id, notes: (tuple.checkpoint.channel_values.notes as string[] | undefined) ?? [] });
    }
    return rows;
  });
}

const namespaceRows = (page: Page, threadId: string) => threadList(page).locator(`[data-testid="namespace-row"][data-parent-thread-id="${threadId}"]`);
/** A graph node (its open-subgraph button carries the same data-node). */
const graphNode = (page: Page, name: string) => page.getByTestId("graph-panel").locator(`[data-node="${name}"][data-tone]`);
const timelineThread = (page: Page) => page.getByTestId("timeline-panel").locator(".timeline__thread");

/** The timeline shows exactly the checkpoints LangGraph.js lists under this namespace, the head's notes in the state. */
async function expectNamespaceShown(page: Page, threadId: string, namespace: string): Promise<void> {
  const expected = await namespaceCheckpoints(threadId, namespace);
  expect(expected.length).toBeGreaterThan(0);
  await expect(timelineRows(page)).toHaveCount(expected.length);
  for (const row of expected) await expect(timeline(page).locator(`[data-checkpoint-id="${row.id}"]`)).toHaveCount(1);
  await expect(selectedRow(page)).toHaveAttribute("data-checkpoint-id", expected[0]!.id);
  await tab(page, "State").click();
  for (const note of expected[0]!.notes) await expect(page.getByRole("region", { name: "Inspector panel" })).toContainText(note);
}

test("opens on the root graph, one row per run, and opens a subgraph from its parent", async ({ page }) => {
  const statuses = await runStatuses();
  expect([...statuses.keys()].sort()).toEqual([...WAITING, DONE].sort());

  await openApp(page, app.url);
  // One row per thread (not per namespace), and the status chips count runs (shown once a status filters).
  await expect(threadList(page).getByTestId("thread-row")).toHaveCount(statuses.size);
  const chip = (status: string) => page.getByRole("group", { name: "Filter by status" }).locator(`[data-status="${status}"]`);
  const runs = (status: string) => [...statuses.values()].filter((s) => s === status).length;
  await chip("interrupted").click();
  for (const status of ["interrupted", "done", "error", "pending"]) await expect(chip(status)).toHaveText(`${status}${runs(status)}`);
  await expect(threadList(page).getByTestId("thread-row")).toHaveCount(runs("interrupted"));
  await expect(threadList(page).getByTestId("namespace-row")).toHaveCount(0);
  await chip("interrupted").click();
  await expect(threadList(page).getByTestId("thread-row")).toHaveCount(statuses.size);
  // The app opens on a root graph: research and finish, not the innermost ask.
  await expect(timelineThread(page)).toHaveText(/^nested-/);
  await expect(threadList(page).locator('[data-testid="namespace-row"][aria-selected="true"]')).toHaveCount(0);
  await expect(graphNode(page, "research")).toBeVisible();
  await expect(graphNode(page, "finish")).toBeVisible();
  await expect(graphNode(page, "ask")).toHaveCount(0);

  // The waiting thread ran research (which waits inside): one step, not zero.
  await threadRow(page, "nested-a").click();
  await expect(timelineThread(page)).toHaveText("nested-a");
  await expect(threadRow(page, "nested-a").locator('[data-field="steps"]')).toHaveText("1 step");
  // The interrupt waits in research's child deep: the banner names that namespace, not research.
  const notice = inspector(page).getByTestId("interrupt-notice");
  await expect(notice).toContainText("Waiting for an answer in research › deep");

  // Expand the row: its two namespaces, research and research › deep.
  await threadRow(page, "nested-a").getByTestId("thread-expand").click();
  const namespaces = namespaceRows(page, "nested-a");
  await expect(namespaces).toHaveCount(2);
  const research = (await namespaces.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-namespace")!))).find((ns) => !ns.includes("|"))!;
  const deep = (await namespaces.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-namespace")!))).find((ns) => ns.includes("|"))!;
  expect(research).toMatch(/^research:[0-9a-f-]{36}$/);
  expect(deep.startsWith(`${research}|deep:`)).toBe(true);

  // From the parent's graph node.
  await page.getByTestId("graph-panel").locator('[data-testid="graph-open-subgraph"][data-node="research"]').click();
  await expect(namespaces.and(page.locator(`[data-namespace="${research}"]`))).toHaveAttribute("aria-selected", "true");
  await expectNamespaceShown(page, "nested-a", research);
  await expect(notice).toContainText("Waiting for an answer in research › deep");
  // ...and on into the nested one from research's own graph.
  await expect(graphNode(page, "plan")).toBeVisible();
  await page.getByTestId("graph-panel").locator('[data-testid="graph-open-subgraph"][data-node="deep"]').click();
  await expectNamespaceShown(page, "nested-a", deep);

  // From the row.
  await threadRow(page, "nested-a").click();
  await expect(graphNode(page, "research")).toBeVisible();
  await namespaces.and(page.locator(`[data-namespace="${research}"]`)).click();
  await expectNamespaceShown(page, "nested-a", research);

  // From the parent checkpoint: its research task links to the namespace it ran as.
  await threadRow(page, "nested-a").click();
  await expect(graphNode(page, "finish")).toBeVisible();
  await tab(page, "Tasks").click();
  const link = inspector(page).locator('[data-task="research"]').getByTestId("task-open-subgraph");
  await expect(link).toHaveAttribute("data-namespace", research);
  await expect(link).toHaveText("opens subgraph research");
  await link.click();
  await expectNamespaceShown(page, "nested-a", research);

  for (const [width, height] of [[1440, 900], [1024, 700]] as const) {
    await page.setViewportSize({ width, height });
    await fitGraph(page);
    await screenshots(page, `langgraph-subgraph-${width}`);
  }
});
