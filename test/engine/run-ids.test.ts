import { afterEach, describe, expect, it } from "vitest";
import { append, END, START, StateGraph } from "../../core/index.ts";
import { STORES, useStores } from "./stores.ts";

/** Oldest first: step, source and the run that wrote each checkpoint. */
async function runsOf(graph: { getStateHistory(config: { threadId: string }): Promise<Array<{ metadata: { step: number; source: string; run_id?: string } }>> }, threadId: string) {
  const history = await graph.getStateHistory({ threadId });
  return history.reverse().map(({ metadata }) => ({ step: metadata.step, source: metadata.source, run: metadata.run_id }));
}

for (const store of STORES) {
  describe(`run ids (${store.name})`, () => {
    const open = useStores(store, afterEach);

    function pipeline(failing: { fetch: boolean }) {
      return new StateGraph<{ log: string[] }>({ name: "runs", channels: { log: append<string>() } })
        .addNode("plan", () => ({ log: ["plan"] }))
        .addNode("fetch", () => {
          if (failing.fetch) throw new Error("fetch: upstream timed out");
          return { log: ["fetch"] };
        })
        .addEdge(START, "plan").addEdge("plan", "fetch").addEdge("fetch", END);
    }

    it("each invoke on a thread records its own run id on every checkpoint it writes", async () => {
      const graph = pipeline({ fetch: false }).compile({ checkpointer: open() });
      await graph.invoke({ log: ["a"] }, { threadId: "t" });
      await graph.invoke({ log: ["b"] }, { threadId: "t" });
      const rows = await runsOf(graph, "t");
      expect(rows).toHaveLength(6);
      const [first, second] = [rows[0]!.run, rows[3]!.run];
      expect(first).toMatch(/^[0-9a-f-]{36}$/);
      expect(second).toMatch(/^[0-9a-f-]{36}$/);
      expect(second).not.toBe(first);
      expect(rows.map((row) => row.run)).toEqual([first, first, first, second, second, second]);
      // Time-ordered: the later run's id sorts after the earlier one's.
      expect(second! > first!).toBe(true);
    });

    it("a resume after a failed step writes its checkpoints under a new run id; the caller may name the run", async () => {
      const failing = { fetch: true };
      const graph = pipeline(failing).compile({ checkpointer: open() });
      await expect(graph.invoke({ log: [] }, { threadId: "t", runId: "run-one" })).rejects.toThrow(/upstream timed out/);
      failing.fetch = false;
      await graph.invoke(null, { threadId: "t" });
      const rows = await runsOf(graph, "t");
      expect(rows.map(({ step, run }) => [step, run === "run-one" ? "one" : typeof run])).toEqual([
        [-1, "one"],
        [0, "one"],
        [1, "string"],
      ]);
    });

    it("a stream and a replay fork each get a run id; updateState writes none; a bad runId is refused", async () => {
      const graph = pipeline({ fetch: false }).compile({ checkpointer: open() });
      for await (const _event of graph.stream({ log: [] }, { threadId: "t", runId: "streamed" }));
      const input = (await graph.getStateHistory({ threadId: "t" })).at(-1)!;
      await graph.invoke(null, { threadId: "t", checkpointId: input.config.checkpointId, runId: "replayed" });
      await graph.updateState({ threadId: "t" }, { log: ["edit"] }, { asNode: "fetch" });
      const rows = await runsOf(graph, "t");
      expect(rows.map(({ step, source, run }) => `${step} ${source} ${run ?? "-"}`)).toEqual([
        "-1 input streamed",
        "0 loop streamed",
        "1 loop streamed",
        "-1 fork replayed",
        "0 loop replayed",
        "1 loop replayed",
        "2 update -",
      ]);
      await expect(graph.invoke({ log: [] }, { threadId: "t", runId: "" })).rejects.toThrow(/runId must be a non-empty string/);
    });
  });
}
