import { afterEach, describe, expect, it } from "vitest";
import { append, END, lastValue, START, StateGraph, type Checkpointer } from "../../core/index.ts";
import { STORES, useStores } from "./stores.ts";

type Doc = { draft: string; notes: string[]; approved: boolean };

function reviewGraph(checkpointer: Checkpointer, options: { interruptBefore?: string[]; interruptAfter?: string[] } = {}) {
  return new StateGraph<Doc>({ name: "review", channels: { draft: lastValue(""), notes: append<string>(), approved: lastValue(false) } })
    .addNode("write", (s) => ({ draft: `${s.draft}+written`, notes: ["write"] }))
    .addNode("review", (s) => ({ notes: [`review of ${s.draft}`] }))
    .addNode("publish", (s) => ({ approved: true, notes: [`published ${s.draft}`] }))
    .addEdge(START, "write").addEdge("write", "review").addEdge("review", "publish").addEdge("publish", END)
    .compile({ checkpointer, ...options });
}

for (const store of STORES) {
  describe(`time travel (${store.name})`, () => {
    const open = useStores(store, afterEach);

    it("updateState writes as the given node through the reducers, computes next from that node, and keeps the parent", async () => {
      const graph = reviewGraph(open());
      await graph.invoke({ draft: "v1" }, { threadId: "t" });
      const history = await graph.getStateHistory({ threadId: "t" });
      const afterWrite = history.find((snapshot) => snapshot.metadata.writes && "write" in snapshot.metadata.writes)!;
      const before = JSON.stringify(await graph.getStateHistory({ threadId: "t" }));

      const config = await graph.updateState(afterWrite.config, { draft: "edited", notes: ["human"] }, { asNode: "write" });
      const updated = await graph.getState(config);
      expect(updated.metadata).toEqual({ source: "update", step: afterWrite.metadata.step + 1, writes: { write: { draft: "edited", notes: ["human"] } } });
      expect(updated.parentConfig).toEqual(afterWrite.config);
      expect(updated.values.draft).toBe("edited");
      expect(updated.values.notes).toEqual(["write", "human"]);
      expect(updated.next).toEqual(["review"]);

      const asReview = await graph.getState(await graph.updateState(afterWrite.config, { notes: ["skip"] }, { asNode: "review" }));
      expect(asReview.next).toEqual(["publish"]);

      const historyNow = await graph.getStateHistory({ threadId: "t" });
      expect(JSON.stringify(historyNow.slice(2))).toBe(before);
      expect((await graph.listThreads())[0]!.branchCount).toBe(3);
    });

    it("updateState without asNode uses the single node that wrote the checkpoint, and refuses when that is ambiguous", async () => {
      const graph = reviewGraph(open());
      await graph.invoke({ draft: "v1" }, { threadId: "t" });
      const head = await graph.getState({ threadId: "t" });
      const child = await graph.getState(await graph.updateState(head.config, { draft: "final" }));
      expect(Object.keys(child.metadata.writes!)).toEqual(["publish"]);
      expect(child.next).toEqual([]);
      const input = (await graph.getStateHistory({ threadId: "t" }, { filter: { source: "input" } }))[0]!;
      await expect(graph.updateState(input.config, { draft: "x" }, { asNode: "nobody" })).rejects.toThrow(/no node "nobody"/);
      await expect(graph.updateState(head.config, { ghost: 1 } as never, { asNode: "write" })).rejects.toThrow(/channel "ghost"/);
    });

    it("replaying from a past checkpoint runs from there as a new branch and leaves the original intact", async () => {
      let publishes = 0;
      const graph = new StateGraph<Doc>({ name: "fork", channels: { draft: lastValue(""), notes: append<string>(), approved: lastValue(false) } })
        .addNode("write", (s) => ({ draft: `${s.draft}!` }))
        .addNode("publish", () => {
          publishes += 1;
          return { approved: true };
        })
        .addEdge(START, "write").addEdge("write", "publish").addEdge("publish", END)
        .compile({ checkpointer: open() });
      await graph.invoke({ draft: "a" }, { threadId: "t" });
      const original = await graph.getStateHistory({ threadId: "t" });
      const afterWrite = original[1]!;
      expect(afterWrite.next).toEqual(["publish"]);

      const edited = await graph.updateState(afterWrite.config, { draft: "b" }, { asNode: "write" });
      expect(await graph.invoke(null, edited)).toMatchObject({ draft: "b", approved: true });
      expect(await graph.invoke(null, afterWrite.config)).toMatchObject({ draft: "a!", approved: true });
      expect(publishes).toBe(3);

      const all = await graph.getStateHistory({ threadId: "t" });
      expect(all.filter((snapshot) => snapshot.metadata.source === "fork")).toHaveLength(1);
      const fork = all.find((snapshot) => snapshot.metadata.source === "fork")!;
      expect(fork.parentConfig).toEqual(afterWrite.config);
      expect(fork.next).toEqual(["publish"]);
      for (const snapshot of original) {
        expect(all.find((entry) => entry.config.checkpointId === snapshot.config.checkpointId)).toEqual(snapshot);
      }
      const thread = (await graph.listThreads())[0]!;
      expect(thread.branchCount).toBe(3);
      expect(thread.checkpointCount).toBe(original.length + 4);
    });

    it("lists history newest first with limit, before and filter", async () => {
      const graph = reviewGraph(open());
      await graph.invoke({ draft: "v" }, { threadId: "t" });
      const all = await graph.getStateHistory({ threadId: "t" });
      expect(all.map((snapshot) => snapshot.metadata.step)).toEqual([2, 1, 0, -1]);
      expect((await graph.getStateHistory({ threadId: "t" }, { limit: 2 })).map((snapshot) => snapshot.metadata.step)).toEqual([2, 1]);
      expect((await graph.getStateHistory({ threadId: "t" }, { before: all[1]!.config.checkpointId })).map((snapshot) => snapshot.metadata.step)).toEqual([0, -1]);
      expect((await graph.getStateHistory({ threadId: "t" }, { filter: { step: 1 } })).map((snapshot) => snapshot.metadata.step)).toEqual([1]);
    });

    it("loads old checkpoints that lack a newer field with that field's default, and resumes them", async () => {
      const saver = open();
      const v1 = new StateGraph<{ draft: string }>({ name: "evolving", channels: { draft: lastValue("") } })
        .addNode("write", (s) => ({ draft: `${s.draft}1` })).addNode("finish", () => ({}))
        .addEdge(START, "write").addEdge("write", "finish").addEdge("finish", END)
        .compile({ checkpointer: saver, interruptBefore: ["finish"] });
      await v1.invoke({ draft: "d" }, { threadId: "t" });

      const v2 = new StateGraph<{ draft: string; tags: string[]; score: number }>({ name: "evolving", channels: { draft: lastValue(""), tags: append<string>(), score: lastValue(7) } })
        .addNode("write", (s) => ({ draft: `${s.draft}2` })).addNode("finish", (s) => ({ tags: [`score ${s.score}`] }))
        .addEdge(START, "write").addEdge("write", "finish").addEdge("finish", END)
        .compile({ checkpointer: saver });
      expect((await v2.getState({ threadId: "t" })).values).toEqual({ draft: "d1", tags: [], score: 7 });
      expect(await v2.invoke(null, { threadId: "t" })).toEqual({ draft: "d1", tags: ["score 7"], score: 7 });
    });

    it("prunes old checkpoints but keeps every branch's newest and leaves no dangling parent", async () => {
      const graph = reviewGraph(open());
      await graph.invoke({ draft: "v" }, { threadId: "t" });
      const head = await graph.getState({ threadId: "t" });
      const middle = (await graph.getStateHistory({ threadId: "t" }))[2]!;
      await graph.updateState(middle.config, { draft: "side" }, { asNode: "write" });
      const leavesBefore = (await graph.getStateHistory({ threadId: "t" })).filter((snapshot, _, all) => !all.some((other) => other.parentConfig?.checkpointId === snapshot.config.checkpointId));

      const { removed } = await graph.prune({ keepLast: 1 });
      const after = await graph.getStateHistory({ threadId: "t" });
      expect(removed).toBeGreaterThan(0);
      const ids = new Set(after.map((snapshot) => snapshot.config.checkpointId));
      for (const leaf of leavesBefore) {
        expect(ids.has(leaf.config.checkpointId)).toBe(true);
        expect(after.find((snapshot) => snapshot.config.checkpointId === leaf.config.checkpointId)!.values).toEqual(leaf.values);
      }
      for (const snapshot of after) if (snapshot.parentConfig) expect(ids.has(snapshot.parentConfig.checkpointId)).toBe(true);
      expect((await graph.getState({ threadId: "t", checkpointId: head.config.checkpointId })).values).toEqual(head.values);
    });

    it("deletes a thread and everything in it", async () => {
      const graph = reviewGraph(open());
      await graph.invoke({ draft: "v" }, { threadId: "gone" });
      await graph.invoke({ draft: "v" }, { threadId: "kept" });
      await graph.deleteThread("gone");
      expect((await graph.listThreads()).map((thread) => thread.threadId)).toEqual(["kept"]);
      expect(await graph.getStateHistory({ threadId: "gone" })).toEqual([]);
    });
  });
}
