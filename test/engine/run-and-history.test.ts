import { afterEach, describe, expect, it } from "vitest";
import { append, Command, END, lastValue, Send, START, StateGraph, type StateSnapshot, type StreamEvent } from "../../core/index.ts";
import { STORES, useStores } from "./stores.ts";

/** A compact, comparable summary of a thread's history (newest first). */
function summary(history: StateSnapshot[]) {
  return history.map((snapshot) => ({ source: snapshot.metadata.source, step: snapshot.metadata.step, next: snapshot.next, writers: Object.keys(snapshot.metadata.writes ?? {}) }));
}

for (const store of STORES) {
  describe(`running graphs (${store.name})`, () => {
    const open = useStores(store, afterEach);

    it("writes an input checkpoint and one per superstep, each the child of the one before", async () => {
      const graph = new StateGraph<{ n: number; trail: string[] }>({ name: "linear", channels: { n: lastValue(0), trail: append<string>() } })
        .addNode("one", (s) => ({ n: s.n + 1, trail: ["one"] }))
        .addNode("two", (s) => ({ n: s.n * 10, trail: ["two"] }))
        .addEdge(START, "one").addEdge("one", "two").addEdge("two", END)
        .compile({ checkpointer: open() });

      expect(await graph.invoke({ n: 1 }, { threadId: "t" })).toEqual({ n: 20, trail: ["one", "two"] });
      const history = await graph.getStateHistory({ threadId: "t" });
      expect(summary(history)).toEqual([
        { source: "loop", step: 1, next: [], writers: ["two"] },
        { source: "loop", step: 0, next: ["two"], writers: ["one"] },
        { source: "input", step: -1, next: ["one"], writers: [START] },
      ]);
      for (let i = 0; i < history.length - 1; i += 1) expect(history[i]!.parentConfig?.checkpointId).toBe(history[i + 1]!.config.checkpointId);
      expect(history[2]!.parentConfig).toBeNull();
      expect(history[0]!.metadata.writes).toEqual({ two: { n: 20, trail: ["two"] } });
    });

    it("routes with conditional edges until the router says END", async () => {
      const graph = new StateGraph<{ n: number }>({ name: "loop", channels: { n: lastValue(0) } })
        .addNode("inc", (s) => ({ n: s.n + 1 }))
        .addEdge(START, "inc")
        .addConditionalEdges("inc", (s) => (s.n < 5 ? "inc" : END), ["inc", END])
        .compile({ checkpointer: open() });
      expect(await graph.invoke({ n: 0 }, { threadId: "t" })).toEqual({ n: 5 });
      expect(await graph.getStateHistory({ threadId: "t" })).toHaveLength(6);
    });

    it("runs fanned-out nodes in one superstep and a join once both branches, of different lengths, finished", async () => {
      const calls: string[] = [];
      const node = (name: string) => () => {
        calls.push(name);
        return { log: [name] };
      };
      const graph = new StateGraph<{ log: string[] }>({ name: "join", channels: { log: append<string>() } })
        .addNode("split", node("split")).addNode("short", node("short")).addNode("long1", node("long1")).addNode("long2", node("long2")).addNode("join", node("join"))
        .addEdge(START, "split").addEdge("split", "short").addEdge("split", "long1").addEdge("long1", "long2")
        .addEdge(["short", "long2"], "join").addEdge("join", END)
        .compile({ checkpointer: open() });
      const result = await graph.invoke({}, { threadId: "t" });
      expect(result.log).toEqual(["split", "long1", "short", "long2", "join"]);
      expect(calls.filter((name) => name === "join")).toHaveLength(1);
      const steps = summary(await graph.getStateHistory({ threadId: "t" })).reverse();
      expect(steps.map((entry) => entry.writers)).toEqual([[START], ["split"], ["long1", "short"], ["long2"], ["join"]]);
    });

    it("applies parallel writes in node-name order whatever order the nodes finish in", async () => {
      const graph = new StateGraph<{ log: string[] }>({ name: "order", channels: { log: append<string>() } })
        .addNode("a_slow", async () => {
          await new Promise((resolve) => setTimeout(resolve, 30));
          return { log: ["a_slow"] };
        })
        .addNode("b_fast", () => ({ log: ["b_fast"] }))
        .addEdge(START, "a_slow").addEdge(START, "b_fast").addEdge("a_slow", END).addEdge("b_fast", END)
        .compile({ checkpointer: open() });
      expect((await graph.invoke({}, { threadId: "t" })).log).toEqual(["a_slow", "b_fast"]);
    });

    it("fans out with Send: one task per item, each receiving its own argument", async () => {
      const graph = new StateGraph<{ topics: string[]; notes: string[] }>({ name: "map-reduce", channels: { topics: lastValue<string[]>([]), notes: append<string>() } })
        .addNode("plan", () => ({}))
        .addNode("research", (arg) => ({ notes: [`note on ${(arg as unknown as { topic: string }).topic}`] }))
        .addNode("summarize", (s) => ({ notes: [`summary of ${s.notes.length}`] }))
        .addEdge(START, "plan")
        .addConditionalEdges("plan", (s) => s.topics.map((topic) => Send("research", { topic })), ["research"])
        .addEdge("research", "summarize").addEdge("summarize", END)
        .compile({ checkpointer: open() });
      const result = await graph.invoke({ topics: ["tides", "moons", "orbits"] }, { threadId: "t" });
      expect(result.notes).toEqual(["note on tides", "note on moons", "note on orbits", "summary of 3"]);
      const afterPlan = (await graph.getStateHistory({ threadId: "t" })).find((snapshot) => snapshot.metadata.writes && "plan" in snapshot.metadata.writes)!;
      expect(afterPlan.tasks.map((task) => [task.id, task.arg])).toEqual([
        ["research#0", { topic: "tides" }],
        ["research#1", { topic: "moons" }],
        ["research#2", { topic: "orbits" }],
      ]);
    });

    it("goes where a returned Command says, with its update applied", async () => {
      const graph = new StateGraph<{ route: string; seen: string[] }>({ name: "command", channels: { route: lastValue(""), seen: append<string>() } })
        .addNode("triage", (s) => new Command({ update: { seen: ["triage"] }, goto: s.route === "urgent" ? "pager" : "queue" }), { ends: ["pager", "queue"] })
        .addNode("pager", () => ({ seen: ["pager"] }))
        .addNode("queue", () => ({ seen: ["queue"] }))
        .addEdge(START, "triage").addEdge("pager", END).addEdge("queue", END)
        .compile({ checkpointer: open() });
      expect((await graph.invoke({ route: "urgent" }, { threadId: "a" })).seen).toEqual(["triage", "pager"]);
      expect((await graph.invoke({ route: "calm" }, { threadId: "b" })).seen).toEqual(["triage", "queue"]);
    });

    it("streams node start/end with durations, updates and values as they happen", async () => {
      const graph = new StateGraph<{ n: number }>({ name: "stream", channels: { n: lastValue(0) } })
        .addNode("a", (s) => ({ n: s.n + 1 })).addNode("b", (s) => ({ n: s.n + 1 }))
        .addEdge(START, "a").addEdge("a", "b").addEdge("b", END)
        .compile({ checkpointer: open() });
      const events: StreamEvent[] = [];
      const stream = graph.stream({ n: 0 }, { threadId: "t" });
      let next = await stream.next();
      while (!next.done) {
        events.push(next.value);
        next = await stream.next();
      }
      expect(next.value).toEqual({ n: 2 });
      expect(events.map((event) => `${event.type}${"node" in event ? `:${event.node}` : ""}`)).toEqual([
        "values", "node:start:a", "node:end:a", "updates", "values", "node:start:b", "node:end:b", "updates", "values",
      ]);
      const end = events.find((event) => event.type === "node:end")!;
      expect(end.type === "node:end" && end.durationMs >= 0).toBe(true);
      const lastValues = events.at(-1)!;
      expect(lastValues.type === "values" && lastValues.values).toEqual({ n: 2 });
    });

    it("accepts a state declared as an interface", async () => {
      interface Ticket {
        title: string;
        labels: string[];
      }
      const graph = new StateGraph<Ticket>({ name: "interface-state", channels: { title: lastValue(""), labels: append<string>() } })
        .addNode("label", (s) => ({ labels: [s.title.toLowerCase()] }))
        .addEdge(START, "label").addEdge("label", END)
        .compile({ checkpointer: open() });
      const result: Ticket = await graph.invoke({ title: "Crash" }, { threadId: "t" });
      expect(result).toEqual({ title: "Crash", labels: ["crash"] });
    });

    it("waits for the stream's reader between supersteps, so stopping on an event stops before the next step", async () => {
      const ran: string[] = [];
      const graph = new StateGraph<{ n: number }>({ name: "backpressure", channels: { n: lastValue(0) } })
        .addNode("a", () => (ran.push("a"), { n: 1 })).addNode("b", () => (ran.push("b"), { n: 2 })).addNode("c", () => (ran.push("c"), { n: 3 }))
        .addEdge(START, "a").addEdge("a", "b").addEdge("b", "c").addEdge("c", END)
        .compile({ checkpointer: open() });
      const controller = new AbortController();
      const seen: string[] = [];
      await expect(
        (async () => {
          for await (const event of graph.stream({ n: 0 }, { threadId: "t", signal: controller.signal })) {
            seen.push(event.type);
            if (event.type === "updates" && "a" in event.updates) controller.abort();
          }
        })(),
      ).rejects.toThrow(/stopped at step 1/);
      expect(ran).toEqual(["a"]);
      expect((await graph.getState({ threadId: "t" })).next).toEqual(["b"]);
    });

    it("stops a run that loops forever at the recursion limit, naming the thread and the limit", async () => {
      const graph = new StateGraph<{ n: number }>({ name: "forever", channels: { n: lastValue(0) } })
        .addNode("spin", (s) => ({ n: s.n + 1 }))
        .addEdge(START, "spin").addConditionalEdges("spin", () => "spin", ["spin", END])
        .compile({ checkpointer: open() });
      await expect(graph.invoke({ n: 0 }, { threadId: "loop-7", recursionLimit: 4 })).rejects.toThrow(/"loop-7".*recursion limit of 4/);
      expect((await graph.getState({ threadId: "loop-7" })).values.n).toBe(4);
    });

    it("starts a new input on a finished thread as the next step of the same history", async () => {
      const graph = new StateGraph<{ total: number }>({ name: "again", channels: { total: lastValue(0) } })
        .addNode("add", (s) => ({ total: s.total + 1 })).addEdge(START, "add").addEdge("add", END)
        .compile({ checkpointer: open() });
      await graph.invoke({ total: 1 }, { threadId: "t" });
      expect(await graph.invoke({ total: 10 }, { threadId: "t" })).toEqual({ total: 11 });
      expect(summary(await graph.getStateHistory({ threadId: "t" })).map((entry) => `${entry.source}@${entry.step}`)).toEqual(["loop@2", "input@1", "loop@0", "input@-1"]);
    });

    it("refuses a value JSON cannot hold, naming node and channel, and writes no checkpoint for that step", async () => {
      const graph = new StateGraph<{ payload: unknown }>({ name: "bad-value", channels: { payload: lastValue<unknown>(null) } })
        .addNode("emit", () => ({ payload: { callback: () => 1 } })).addEdge(START, "emit").addEdge("emit", END)
        .compile({ checkpointer: open() });
      await expect(graph.invoke({}, { threadId: "t" })).rejects.toThrow(/node "emit" to channel "payload"/);
      expect(await graph.getStateHistory({ threadId: "t" })).toHaveLength(1);
      const failed = await graph.getState({ threadId: "t" });
      expect(failed.tasks[0]!.error).toMatchObject({ name: "ChronographError", message: expect.stringMatching(/channel "payload"/) });
      expect((await graph.listThreads())[0]!.status).toBe("error");
    });

    it("names the problem for resuming an unknown thread or replaying an unknown checkpoint", async () => {
      const graph = new StateGraph<{ n: number }>({ name: "missing", channels: { n: lastValue(0) } })
        .addNode("a", () => ({})).addEdge(START, "a").addEdge("a", END)
        .compile({ checkpointer: open() });
      await expect(graph.invoke(null, { threadId: "nobody" })).rejects.toThrow(/Thread "nobody" has nothing to resume/);
      await graph.invoke({}, { threadId: "t" });
      await expect(graph.invoke(null, { threadId: "t", checkpointId: "nope" })).rejects.toThrow(/Checkpoint "nope" does not exist in thread "t"/);
      await expect(graph.getState({ threadId: "ghost" })).rejects.toThrow(/Thread "ghost" has no checkpoints/);
    });
  });
}
