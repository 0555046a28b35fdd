/**
 * The debugger on PostgreSQL, the way a user connects: LangGraph.js's own PostgresSaver writes a run into
 * a schema of the throwaway server (global-setup starts it), then in the app File > Connect to
 * PostgreSQL…, the threads, one thread's history and state; a wrong password shows one line with the
 * password masked, and the real password never appears on screen or in the recent list.
 */
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Page } from "@playwright/test";
import { essayGraph } from "../interop/langgraph-graphs.ts";
import { hostPerFile, openApp, openThread, screenshots, threadList, timelineRows } from "./support/app.ts";
import { expect, test } from "./support/test.ts";

function serverUrl(): URL {
  const url = process.env.CHRONOGRAPH_E2E_PG_URL;
  if (!url) throw new Error(`No PostgreSQL server for the e2e run: ${process.env.CHRONOGRAPH_E2E_PG_ERROR ?? "global-setup did not start one"}`);
  return new URL(url);
}

const schema = `e2e_${randomBytes(5).toString("hex")}`;
const app = hostPerFile(test, async () => {
  const saver = PostgresSaver.fromConnString(serverUrl().toString(), { schema });
  await saver.setup();
  const graph = essayGraph(saver as never);
  await graph.invoke({ title: "Postgres" }, { configurable: { thread_id: "essay-pg" } });
  await graph.invoke({ title: "Scale out" }, { configurable: { thread_id: "essay-scale" } });
  await saver.end();
  return {};
});

test.afterAll(async () => {
  const client = new pg.Client({ connectionString: serverUrl().toString() });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
});

/** File > Connect to PostgreSQL…, the test server's fields filled in with `password`; submitted unless `submit` is false. */
async function connect(page: Page, password: string, submit = true): Promise<void> {
  const url = serverUrl();
  await page.getByRole("button", { name: "File" }).click();
  await page.getByRole("menuitem", { name: "Connect to PostgreSQL…" }).click();
  const form = page.getByTestId("connect-postgres");
  await form.getByLabel("Host").fill(url.hostname);
  await form.getByLabel("Port").fill(url.port);
  await form.getByLabel("Database").fill(url.pathname.slice(1));
  await form.getByLabel("Schema (optional)").fill(schema);
  await form.getByLabel("User").fill(decodeURIComponent(url.username));
  await form.getByLabel("Password").fill(password);
  if (submit) await form.getByRole("button", { name: "Connect" }).click();
}

test("connects to LangGraph's PostgreSQL tables, shows threads, history and state; a wrong password is one masked line", async ({ page }) => {
  const password = decodeURIComponent(serverUrl().password);
  await openApp(page, app.url);

  await connect(page, password, false);
  await screenshots(page, "postgres-connect");
  await page.getByTestId("connect-postgres").getByRole("button", { name: "Connect" }).click();
  await expect(page.getByTestId("connect-dialog")).toHaveCount(0);
  const badge = page.getByTestId("database-badge");
  await expect(badge).toContainText("LangGraph.js");
  await expect(threadList(page).getByRole("option")).toHaveCount(2);
  await openThread(page, "essay-pg");
  await expect(timelineRows(page)).toHaveCount(5);
  await expect(page.getByTestId("state-tree")).toContainText("Postgres");
  await expect(page.getByTestId("run-unavailable")).toContainText("need its graph code");
  await expect(page.locator("body")).not.toContainText(password);

  // A wrong password: one line, the URL masked, and the open database stays.
  await connect(page, "not-the-password");
  const error = page.getByTestId("connect-error");
  await expect(error).toContainText("DATABASE_UNAVAILABLE");
  await expect(error).toContainText(":***@");
  await expect(error).not.toContainText("not-the-password");
  await page.keyboard.press("Escape");
  await expect(timelineRows(page)).toHaveCount(5);

  // The recent connection is kept without its password: reopening it asks for the password again.
  await page.getByRole("button", { name: "File" }).click();
  const recent = page.locator(".menu__item--recent").first();
  await expect(recent).toContainText(`postgres · ${schema} @ ${serverUrl().hostname}`);
  await expect(recent).not.toContainText(password);
  await recent.click();
  const dialog = page.getByTestId("connect-dialog");
  await expect(dialog).toContainText("Enter the password for this connection");
  await expect(dialog.getByLabel("Schema (optional)")).toHaveValue(schema);
  await expect(dialog.getByLabel("Password")).toHaveValue("");
  await dialog.getByLabel("Password").fill(password);
  await dialog.getByRole("button", { name: "Connect" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(threadList(page).getByRole("option")).toHaveCount(2);

  // File > Open: the same recent connection, picked there, turns the dialog into the password form.
  await page.getByRole("button", { name: "File" }).click();
  await page.getByRole("menuitem", { name: /Open database/ }).click();
  const open = page.getByTestId("open-dialog");
  await expect(open.getByRole("button", { name: "Connect to PostgreSQL…" })).toBeVisible();
  await open.getByTestId("recent-files").getByRole("button").first().click();
  await expect(open).toContainText("Enter the password for this connection");
  await expect(open.getByLabel("Password")).toHaveValue("");
  await expect(open).not.toContainText(password);
});
