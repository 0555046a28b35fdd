/**
 * canChooseNext on a ChronographSaver file: an edit's goto is honoured. The edit chooses a node the graph's
 * edges would not run next ("publish" instead of "review"), the debugger shows it as next, and LangGraph.js
 * compiled with ChronographSaver runs that node from the edit, skipping the review.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Annotation, END, START, StateGraph } from "@langchain/langgraph";
import type { BaseCheckpointSaver } from "@langchain/langgraph-checkpoint";
import { afterEach, describe, expect, it } from "vitest";
import { createClient } from "../../core/api/client.ts";
import { createInMemoryTransport } from "../../core/debugger/in-memory-transport.ts";
import { createDebuggerService } from "../../core/debugger/service.ts";
import { ChronographSaver } from "../../core/langgraph-saver/index.ts";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** draft → review → publish; review appends its note, publish copies the reply out. */
function graphOn(checkpointer: BaseCheckpointSaver) {
  const State = Annotation.Root({
    reply: Annotation<string>,
    notes: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
    published: Annotation<string>,
  });
  return new StateGraph(State)
    .addNode("draft", () => ({ reply: "first draft" }))
    .addNode("review", () => ({ notes: ["reviewed"] }))
    .addNode("publish", (state) => ({ published: `${state.reply} [${state.notes.join(",")}]` }))
    .addEdge(START, "draft")
    .addEdge("draft", "review")
    .addEdge("review", "publish")
    .addEdge("publish", END)
    .compile({ checkpointer });
}

describe("choosing what runs next when editing a ChronographSaver file", () => {
  it("an edit as draft with goto publish skips review: the debugger shows it and LangGraph.js follows it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "chronograph-saver-goto-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, "ticket.db");
    const saver = ChronographSaver.open(path);
    await graphOn(saver).invoke({}, { configurable: { thread_id: "t" } });
    await saver.close();

    const service = createDebuggerService({ configDir: join(dir, "config"), pollIntervalMs: 50, busyTimeoutMs: 200 });
    cleanups.push(() => service.close());
    const client = createClient(createInMemoryTransport(service));
    const info = await client.openDatabase({ path });
    expect(info).toMatchObject({ kind: "chronograph-saver", canEdit: true, canChooseNext: true });

    const timeline = await client.getTimeline({ threadId: "t", namespace: "" });
    const afterDraft = timeline.find((entry) => entry.next.includes("review"))!;
    const request = { threadId: "t", namespace: "", checkpointId: afterDraft.checkpointId, values: { reply: "edited draft" }, asNode: "draft" };
    // Without goto the edges decide; with it, the chosen node.
    expect((await client.previewUpdate(request)).next).toEqual(["review"]);
    expect((await client.previewUpdate({ ...request, goto: ["publish"] })).next).toEqual(["publish"]);
    const { checkpointId } = await client.updateState({ ...request, goto: ["publish"] });
    expect((await client.getCheckpoint({ threadId: "t", namespace: "", checkpointId })).next).toEqual(["publish"]);

    const resumed = ChronographSaver.open(path);
    cleanups.push(() => resumed.close());
    const graph = graphOn(resumed);
    const final = await graph.invoke(null, { configurable: { thread_id: "t", checkpoint_id: checkpointId } });
    expect(final.published).toBe("edited draft []");
    expect(final.notes).toEqual([]);
  });
});
