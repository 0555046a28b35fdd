/**
 * A node that fails: render a report, then publish it to a CMS and archive it in parallel, then tell the
 * team. The CMS times out. With `retry` the publish node tries again; when every attempt fails the run
 * rejects with the TimeoutError, the checkpoint records it on the publish task (the archive's result is
 * kept as a pending write), and a later `invoke(null)` runs only publish.
 *
 *   tsx examples/flaky-publish.ts [--db FILE]
 */
import { parseArgs } from "node:util";
import { StateGraph, START, END, lastValue, append, type Checkpointer, type CompiledGraph } from "../core/index.ts";
import { isMain, openStore } from "./cli.ts";
import { slug } from "./fake-model.ts";
import type { Message } from "./research-pipeline.ts";

export class TimeoutError extends Error {
  override name = "TimeoutError";
}

/** A content management system that times out on the first `failures` posts (Infinity: it is down). */
export class FakeCms {
  /** How many posts were attempted, failed ones included. */
  posts = 0;

  constructor(
    private failures: number,
    private readonly latencyMs = 3,
  ) {}

  async post(title: string, html: string): Promise<string> {
    this.posts += 1;
    await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    if (this.failures > 0) {
      this.failures -= 1;
      throw new TimeoutError(`POST https://cms.example.com/api/posts timed out after 30000 ms (${html.length} bytes, "${title}")`);
    }
    return `https://blog.example.com/posts/${slug(title)}`;
  }
}

export type PublishState = {
  title: string;
  markdown: string;
  html: string;
  url: string | null;
  archivedAs: string | null;
  messages: Message[];
};

export const PUBLISH_ATTEMPTS = 2;

/** render_html -> (publish, archive in parallel) -> notify_team once both finished. */
export function publishGraph(options: { checkpointer?: Checkpointer; cms: FakeCms }): CompiledGraph<PublishState> {
  return new StateGraph<PublishState>({
    name: "publish-report",
    channels: { title: lastValue(""), markdown: lastValue(""), html: lastValue(""), url: lastValue<string | null>(null), archivedAs: lastValue<string | null>(null), messages: append<Message>() },
  })
    .addNode("render_html", (state) => {
      const html = state.markdown
        .split("\n\n")
        .map((block) => (block.startsWith("# ") ? `<h1>${block.slice(2)}</h1>` : `<p>${block}</p>`))
        .join("\n");
      return { html, messages: [{ role: "assistant", name: "render_html", content: `Rendered ${html.length} bytes of HTML.` }] };
    })
    .addNode(
      "publish",
      async (state, ctx) => {
        const url = await options.cms.post(state.title, state.html);
        return { url, messages: [{ role: "assistant", name: "publish", content: `Published at ${url} (attempt ${ctx.attempt}).` }] };
      },
      { retry: { maxAttempts: PUBLISH_ATTEMPTS, backoffMs: 5 } },
    )
    .addNode("archive", async (state) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      const archivedAs = `s3://reports-archive/${slug(state.title)}.html`;
      return { archivedAs, messages: [{ role: "assistant", name: "archive", content: `Archived as ${archivedAs}.` }] };
    })
    .addNode("notify_team", (state) => ({ messages: [{ role: "assistant", name: "notify_team", content: `Posted in #reports: "${state.title}" is live at ${state.url}.` }] }))
    .addEdge(START, "render_html")
    .addEdge("render_html", "publish")
    .addEdge("render_html", "archive")
    .addEdge(["publish", "archive"], "notify_team")
    .addEdge("notify_team", END)
    .compile({ checkpointer: options.checkpointer });
}

export const WEEKLY_REPORT = { title: "Weekly reliability report", markdown: "# Weekly reliability report\n\nNo run lost work this week.\n\nThree runs were resumed after a crash." };

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { db: { type: "string" } } });
  const store = await openStore(values.db);
  try {
    const down = new FakeCms(Infinity);
    try {
      await publishGraph({ checkpointer: store, cms: down }).invoke(WEEKLY_REPORT, { threadId: "publish-weekly" });
    } catch (error) {
      console.log(`The run failed after ${down.posts} attempts: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    }
    const graph = publishGraph({ checkpointer: store, cms: new FakeCms(0) });
    const failed = await graph.getState({ threadId: "publish-weekly" });
    for (const task of failed.tasks) console.log(`  task ${task.name}: ${task.error ? `error ${task.error.name}` : task.result ? "finished (kept as a pending write)" : "not run"}`);
    const done = await graph.invoke(null, { threadId: "publish-weekly" });
    console.log(`The CMS is back; invoke(null) ran only publish, then notify_team:\n  ${done.messages.slice(-2).map((message) => message.content).join("\n  ")}`);
  } finally {
    await store.close();
  }
}

if (isMain(import.meta.url)) await main();
