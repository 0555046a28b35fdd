/**
 * updateState with chosen next nodes (goto): the update checkpoint schedules exactly those nodes instead
 * of the node's edges and routers, as a node with no edges returning Command({ goto }) would, and the run
 * continued from it runs them. END (or []) ends the run there; an unknown node is refused, named.
 */
import { afterEach, describe, expect, it } from "vitest";
import { append, Command, END, lastValue, START, StateGraph, type Checkpointer } from "../../core/index.ts";
import { STORES, useStores } from "./stores.ts";

type Doc = { draft: string; notes: string[] };

function docGraph(checkpointer: Checkpointer) {
  return new StateGraph<Doc>({ name: "doc", channels: { draft: lastValue(""), notes: append<string>() } })
    .addNode("write", (s) => ({ draft: `${s.draft}+written`, notes: ["write"] }))
    .addNode("review", () => ({ notes: ["review"] }))
    .addNode("publish", () => ({ notes: ["publish"] }))
    .addNode("archive", () => ({ notes: ["archive"] }))
    .addEdge(START, "write")
    .addConditionalEdges("write", (s) => (s.draft.includes("skip") ? "archive" : "review"))
    .addEdge("review", "publish")
    .addEdge("publish", END)
    .addEdge("archive", END)
    .compile({ checkpointer });
}

/** The same graph's write routed by Command({ goto }) alone (no edges after it). */
function commandGraph(checkpointer: Checkpointer) {
  return new StateGraph<Doc>({ name: "doc-command", channels: { draft: lastValue(""), notes: append<string>() } })
    .addNode("write", () => new Command<Doc>({ update: { notes: ["write"] }, goto: "publish" }), { ends: ["publish"] })
    .addNode("publish", () => ({ notes: ["publish"] }))
    .addEdge(START, "write")
    .addEdge("publish", END)
    .compile({ checkpointer });
}

for (const store of STORES) {
  describe(`updateState with goto (${store.name})`, () => {
    const open = useStores(store, afterEach);

    it("runs only the chosen node next, past the node's router and edges, and keeps the parent's history", async () => {
      const graph = docGraph(open());
      await graph.invoke({ draft: "v1" }, { threadId: "t" });
      const afterWrite = (await graph.getStateHistory({ threadId: "t" })).find((snapshot) => snapshot.next.includes("review"))!;
      const edited = await graph.updateState(afterWrite.config, { notes: ["human"] }, { asNode: "write", goto: ["publish"] });
      const state = await graph.getState(edited);
      expect(state.next).toEqual(["publish"]);
      expect(state.metadata.source).toBe("update");
      expect(state.parentConfig).toEqual(afterWrite.config);
      const result = await graph.invoke(null, edited);
      expect(result.notes).toEqual(["write", "human", "publish"]);
      // Without goto the router decides, as before.
      expect((await graph.getState(await graph.updateState(afterWrite.config, { draft: "skip" }, { asNode: "write" }))).next).toEqual(["archive"]);
    });

    it("schedules what a node returning Command({ goto }) schedules", async () => {
      const saver = open();
      const command = commandGraph(saver);
      await command.invoke({ draft: "c" }, { threadId: "c" });
      const routed = (await command.getStateHistory({ threadId: "c" })).find((snapshot) => snapshot.metadata.writes && "write" in snapshot.metadata.writes)!;
      const graph = docGraph(saver);
      await graph.invoke({ draft: "v1" }, { threadId: "t" });
      const afterWrite = (await graph.getStateHistory({ threadId: "t" })).find((snapshot) => snapshot.next.includes("review"))!;
      const chosen = await graph.getState(await graph.updateState(afterWrite.config, null, { asNode: "write", goto: ["publish"] }));
      expect(chosen.next).toEqual(routed.next);
      expect(chosen.next).toEqual(["publish"]);
    });

    it("END or no node ends the run at the update; an unknown node is refused by name", async () => {
      const graph = docGraph(open());
      await graph.invoke({ draft: "v1" }, { threadId: "t" });
      const afterWrite = (await graph.getStateHistory({ threadId: "t" })).find((snapshot) => snapshot.next.includes("review"))!;
      for (const goto of [[END], []]) {
        const ended = await graph.updateState(afterWrite.config, { notes: ["stop"] }, { asNode: "write", goto });
        expect((await graph.getState(ended)).next).toEqual([]);
        expect((await graph.invoke(null, ended)).notes).toEqual(["write", "stop"]);
      }
      await expect(graph.updateState(afterWrite.config, null, { asNode: "write", goto: ["nowhere"] })).rejects.toMatchObject({ code: "UNKNOWN_NODE", message: expect.stringContaining('"nowhere"') });
    });
  });
}
