import { afterEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { retryTimer } from "../../core/pregel/runner.ts";
import { append, Command, END, lastValue, START, StateGraph } from "../../core/index.ts";
import { STORES, useStores } from "./stores.ts";

for (const store of STORES) {
  describe(`interrupts and failures (${store.name})`, () => {
    const open = useStores(store, afterEach);

    it("interruptBefore stops before the node; resuming with null runs it", async () => {
      const ran: string[] = [];
      const graph = new StateGraph<{ log: string[] }>({ name: "gate", channels: { log: append<string>() } })
        .addNode("prepare", () => (ran.push("prepare"), { log: ["prepare"] }))
        .addNode("send", () => (ran.push("send"), { log: ["send"] }))
        .addEdge(START, "prepare").addEdge("prepare", "send").addEdge("send", END)
        .compile({ checkpointer: open(), interruptBefore: ["send"] });
      expect(await graph.invoke({}, { threadId: "t" })).toEqual({ log: ["prepare"] });
      const paused = await graph.getState({ threadId: "t" });
      expect(paused.next).toEqual(["send"]);
      expect(paused.breakpoint).toEqual({ when: "before", nodes: ["send"] });
      expect((await graph.listThreads())[0]!.status).toBe("interrupted");
      expect(await graph.invoke(null, { threadId: "t" })).toEqual({ log: ["prepare", "send"] });
      expect(ran).toEqual(["prepare", "send"]);
      expect((await graph.listThreads())[0]!.status).toBe("done");
    });

    it("withOptions rebinds the same graph to another store and breakpoints, keeping its topology hash", async () => {
      const graph = new StateGraph<{ n: number }>({ name: "rebind", channels: { n: lastValue(0) } })
        .addNode("a", (s) => ({ n: s.n + 1 })).addNode("b", (s) => ({ n: s.n + 1 }))
        .addEdge(START, "a").addEdge("a", "b").addEdge("b", END)
        .compile();
      const paused = graph.withOptions({ checkpointer: open(), interruptBefore: ["b"] });
      expect(paused.topologyHash).toBe(graph.topologyHash);
      expect(await paused.invoke({ n: 0 }, { threadId: "t" })).toEqual({ n: 1 });
      expect((await paused.getState({ threadId: "t" })).next).toEqual(["b"]);
      expect(() => graph.withOptions({ interruptBefore: ["ghost"] })).toThrow(/unknown node "ghost"/);
    });

    it("interruptAfter stops once the node ran; a breakpoint on the first node stops right after the input", async () => {
      const graph = new StateGraph<{ n: number }>({ name: "after", channels: { n: lastValue(0) } })
        .addNode("a", (s) => ({ n: s.n + 1 })).addNode("b", (s) => ({ n: s.n + 10 }))
        .addEdge(START, "a").addEdge("a", "b").addEdge("b", END)
        .compile({ checkpointer: open(), interruptAfter: ["a"] });
      expect(await graph.invoke({ n: 0 }, { threadId: "t" })).toEqual({ n: 1 });
      expect((await graph.getState({ threadId: "t" })).breakpoint).toEqual({ when: "after", nodes: ["a"] });
      expect(await graph.invoke(null, { threadId: "t" })).toEqual({ n: 11 });

      const early = new StateGraph<{ n: number }>({ name: "early", channels: { n: lastValue(0) } })
        .addNode("a", (s) => ({ n: s.n + 1 })).addEdge(START, "a").addEdge("a", END)
        .compile({ checkpointer: open(), interruptBefore: ["a"] });
      expect(await early.invoke({ n: 5 }, { threadId: "e" })).toEqual({ n: 5 });
      expect(await early.invoke(null, { threadId: "e" })).toEqual({ n: 6 });
    });

    it("ctx.interrupt stops inside the node, shows its payload, and a Command resume re-runs it with the value", async () => {
      let calls = 0;
      const graph = new StateGraph<{ amount: number; decision: string; log: string[] }>({
        name: "approval",
        channels: { amount: lastValue(0), decision: lastValue(""), log: append<string>() },
      })
        .addNode("ask", (s, ctx) => {
          calls += 1;
          const answer = ctx.interrupt<{ approved: boolean }>({ question: `Refund $${s.amount}?` });
          return { decision: answer.approved ? "approved" : "rejected", log: ["asked"] };
        })
        .addNode("side", () => ({ log: ["side"] }))
        .addEdge(START, "ask").addEdge(START, "side").addEdge("ask", END).addEdge("side", END)
        .compile({ checkpointer: open() });

      const first = await graph.invoke({ amount: 120 }, { threadId: "t" });
      expect(first.__interrupt__).toEqual([{ id: "ask:0", value: { question: "Refund $120?" }, node: "ask" }]);
      const waiting = await graph.getState({ threadId: "t" });
      expect(waiting.interrupts).toEqual([{ id: "ask:0", value: { question: "Refund $120?" }, node: "ask" }]);
      expect(waiting.tasks.find((task) => task.name === "side")!.result).toEqual({ log: ["side"] });
      expect((await graph.listThreads())[0]!.status).toBe("interrupted");

      const done = await graph.invoke(new Command({ resume: { approved: true } }), { threadId: "t" });
      expect(done).toEqual({ amount: 120, decision: "approved", log: ["asked", "side"] });
      expect(calls).toBe(2);
      expect((await graph.listThreads())[0]!.status).toBe("done");
      await expect(graph.invoke(new Command({ resume: 1 }), { threadId: "t" })).rejects.toThrow(/nothing to resume: no interrupt is waiting/);
    });

    it("a node that interrupts twice gets each resume value in order", async () => {
      const graph = new StateGraph<{ answers: string[] }>({ name: "two-questions", channels: { answers: append<string>() } })
        .addNode("form", (_, ctx) => ({ answers: [ctx.interrupt<string>("name?"), ctx.interrupt<string>("email?")] }))
        .addEdge(START, "form").addEdge("form", END)
        .compile({ checkpointer: open() });
      expect((await graph.invoke({}, { threadId: "t" })).__interrupt__![0]!.value).toBe("name?");
      expect((await graph.invoke(new Command({ resume: "Ada" }), { threadId: "t" })).__interrupt__![0]).toEqual({ id: "form:1", value: "email?", node: "form" });
      expect(await graph.invoke(new Command({ resume: "ada@example.org" }), { threadId: "t" })).toEqual({ answers: ["Ada", "ada@example.org"] });
    });

    it("a failing node rejects the run with its own error, the checkpoint records it, and a resume runs only the failed node", async () => {
      const calls = { fetch: 0, flaky: 0 };
      let broken = true;
      const graph = new StateGraph<{ log: string[] }>({ name: "partial", channels: { log: append<string>() } })
        .addNode("fetch", () => (calls.fetch++, { log: ["fetched"] }))
        .addNode("flaky", () => {
          calls.flaky += 1;
          if (broken) throw new TypeError("upstream timed out");
          return { log: ["flaky ok"] };
        })
        .addEdge(START, "fetch").addEdge(START, "flaky").addEdge("fetch", END).addEdge("flaky", END)
        .compile({ checkpointer: open() });

      await expect(graph.invoke({}, { threadId: "t" })).rejects.toThrow(TypeError);
      const failed = await graph.getState({ threadId: "t" });
      const task = failed.tasks.find((entry) => entry.name === "flaky")!;
      expect(task.error).toMatchObject({ name: "TypeError", message: "upstream timed out" });
      expect(task.error!.stack).toContain("upstream timed out");
      expect(failed.tasks.find((entry) => entry.name === "fetch")!.result).toEqual({ log: ["fetched"] });
      expect((await graph.listThreads())[0]!.status).toBe("error");

      broken = false;
      expect(await graph.invoke(null, { threadId: "t" })).toEqual({ log: ["fetched", "flaky ok"] });
      expect(calls).toEqual({ fetch: 1, flaky: 2 });
    });

    it("saves a finished node's result while a sibling is still running, so a crash then does not lose it", async () => {
      const saver = open();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let fastDone!: () => void;
      const fastFinished = new Promise<void>((resolve) => (fastDone = resolve));
      const graph = new StateGraph<{ log: string[] }>({ name: "siblings", channels: { log: append<string>() } })
        .addNode("fast", () => {
          setTimeout(fastDone, 20);
          return { log: ["fast"] };
        })
        .addNode("slow", async () => {
          await gate;
          return { log: ["slow"] };
        })
        .addEdge(START, "fast").addEdge(START, "slow").addEdge("fast", END).addEdge("slow", END)
        .compile({ checkpointer: saver });
      const run = graph.invoke({}, { threadId: "t" });
      await fastFinished;
      const during = await saver.getTuple("t");
      expect(during!.pendingWrites.map((write) => [write.node, write.kind])).toEqual([["fast", "update"]]);
      release();
      expect(await run).toEqual({ log: ["fast", "slow"] });
    });

    it("blames only the node whose write could not be applied, and a resume re-runs only that node", async () => {
      const calls = { good: 0, bad: 0 };
      let channel = "typo";
      const graph = new StateGraph<{ log: string[] }>({ name: "bad-write", channels: { log: append<string>() } })
        .addNode("good", () => (calls.good++, { log: ["good"] }))
        .addNode("bad", () => (calls.bad++, { [channel]: ["bad"] }) as never)
        .addEdge(START, "good").addEdge(START, "bad").addEdge("good", END).addEdge("bad", END)
        .compile({ checkpointer: open() });
      await expect(graph.invoke({}, { threadId: "t" })).rejects.toThrow(/Node "bad" wrote to channel "typo"/);
      const failed = await graph.getState({ threadId: "t" });
      expect(failed.tasks.find((task) => task.name === "bad")!.error!.message).toMatch(/channel "typo"/);
      expect(failed.tasks.find((task) => task.name === "good")!.result).toEqual({ log: ["good"] });
      channel = "log";
      expect(await graph.invoke(null, { threadId: "t" })).toEqual({ log: ["bad", "good"] });
      expect(calls).toEqual({ good: 1, bad: 2 });
    });

    it("retries a node up to maxAttempts with growing backoff, and gives up with the last error", async () => {
      const attempts: Array<{ attempt: number }> = [];
      // The backoff's waits are recorded instead of spent on the real clock.
      const waits: number[] = [];
      const timer = vi.spyOn(retryTimer, "sleep").mockImplementation(async (ms) => void waits.push(ms));
      onTestFinished(() => timer.mockRestore());
      const graph = (failures: number) =>
        new StateGraph<{ ok: boolean }>({ name: "retry", channels: { ok: lastValue(false) } })
          .addNode("call", (_, ctx) => {
            attempts.push({ attempt: ctx.attempt });
            if (ctx.attempt <= failures) throw new Error(`attempt ${ctx.attempt} failed`);
            return { ok: true };
          }, { retry: { maxAttempts: 3, backoffMs: 10 } })
          .addEdge(START, "call").addEdge("call", END)
          .compile({ checkpointer: open() });

      expect(await graph(2).invoke({}, { threadId: "t" })).toEqual({ ok: true });
      expect(attempts.map((entry) => entry.attempt)).toEqual([1, 2, 3]);
      // backoffMs 10, doubled after each failure: 10 ms before the second attempt, 20 ms before the third.
      expect(waits).toEqual([10, 20]);

      attempts.length = 0;
      waits.length = 0;
      await expect(graph(5).invoke({}, { threadId: "u" })).rejects.toThrow("attempt 3 failed");
      expect(attempts).toHaveLength(3);
      expect(waits).toEqual([10, 20]);
    });

    it("a stopped run rejects with RUN_ABORTED and keeps the finished steps", async () => {
      const controller = new AbortController();
      const graph = new StateGraph<{ n: number }>({ name: "stoppable", channels: { n: lastValue(0) } })
        .addNode("tick", (s) => {
          if (s.n === 2) controller.abort();
          return { n: s.n + 1 };
        })
        .addEdge(START, "tick").addConditionalEdges("tick", (s) => (s.n < 10 ? "tick" : END), ["tick", END])
        .compile({ checkpointer: open() });
      await expect(graph.invoke({ n: 0 }, { threadId: "t", signal: controller.signal })).rejects.toThrow(/stopped/);
      expect((await graph.getState({ threadId: "t" })).values.n).toBe(3);
      expect(await graph.invoke(null, { threadId: "t" })).toEqual({ n: 10 });
    });

    it("a node sees the run's stop signal, or one that never aborts when the run has none; interrupt works destructured", async () => {
      const seen: Array<{ signal: AbortSignal; again: AbortSignal; spread?: AbortSignal }> = [];
      const graph = new StateGraph<{ n: number }>({ name: "signals", channels: { n: lastValue(0) } })
        .addNode("look", (s, ctx) => {
          // A node hands `{ ...ctx }` on to a model client: the run's stop signal must travel with it.
          seen.push({ signal: ctx.signal, again: ctx.signal, spread: { ...ctx }.signal });
          const { interrupt } = ctx;
          if (s.n === 1) interrupt("wait");
          return { n: s.n + 1 };
        })
        .addEdge(START, "look").addEdge("look", END)
        .compile({ checkpointer: open() });
      const controller = new AbortController();
      expect(await graph.invoke({ n: 0 }, { threadId: "given", signal: controller.signal })).toEqual({ n: 1 });
      expect(seen[0]!.signal).toBe(controller.signal);
      expect(seen[0]!.spread).toBe(controller.signal);
      expect(await graph.invoke({ n: 5 }, { threadId: "none" })).toEqual({ n: 6 });
      expect(seen[1]!.signal).toBeInstanceOf(AbortSignal);
      expect(seen[1]!.signal.aborted).toBe(false);
      expect(seen[1]!.again).toBe(seen[1]!.signal);
      const stopped = await graph.invoke({ n: 1 }, { threadId: "asks" });
      expect(stopped.__interrupt__?.[0]?.value).toBe("wait");
    });

    it("reports thread status, last node and counts per thread", async () => {
      const graph = new StateGraph<{ n: number }>({ name: "statuses", channels: { n: lastValue(0) } })
        .addNode("work", (s, ctx) => {
          if (s.n < 0) throw new Error("negative");
          if (s.n === 99) ctx.interrupt("check");
          return { n: s.n + 1 };
        })
        .addEdge(START, "work").addEdge("work", END)
        .compile({ checkpointer: open() });
      await graph.invoke({ n: 1 }, { threadId: "done" });
      await graph.invoke({ n: 99 }, { threadId: "waiting" });
      await graph.invoke({ n: -1 }, { threadId: "broken" }).catch(() => {});
      const rows = Object.fromEntries((await graph.listThreads()).map((row) => [row.threadId, row]));
      expect(rows.done).toMatchObject({ status: "done", writers: ["work"], step: 0, checkpointCount: 2, branchCount: 1, graphName: "statuses" });
      expect(rows.waiting!.status).toBe("interrupted");
      expect(rows.broken!.status).toBe("error");
      expect(rows.done!.createdAt).toBeLessThanOrEqual(rows.done!.updatedAt);
    });
  });
}
