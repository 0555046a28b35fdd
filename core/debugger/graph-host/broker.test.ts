import { describe, expect, it } from "vitest";
import { GraphHostBroker, parseBrokerNotice, parseBrokerRequest, type BrokerNotice } from "./broker.ts";

function setup(cap = 2, failFork?: string) {
  const notices: BrokerNotice[] = [];
  const forked: number[] = [];
  const killed: number[] = [];
  const broker = new GraphHostBroker(
    {
      notify: (notice) => notices.push(notice),
      fork(id) {
        if (failFork) throw new Error(`${failFork}\nstack`);
        forked.push(id);
        return { kill: () => killed.push(id) };
      },
    },
    cap,
  );
  return { broker, notices, forked, killed };
}

describe("what the backend may ask main", () => {
  it("accepts only start and kill with a positive integer id, and nothing else (no path, no extra field)", () => {
    expect(parseBrokerRequest({ type: "graph-host:start", id: 3 })).toEqual({ type: "graph-host:start", id: 3 });
    expect(parseBrokerRequest({ type: "graph-host:kill", id: 1 })).toEqual({ type: "graph-host:kill", id: 1 });
    for (const bad of [null, "graph-host:start", { type: "graph-host:start" }, { type: "graph-host:start", id: 0 }, { type: "graph-host:start", id: 1.5 }, { type: "graph-host:start", id: "1" }, { type: "graph-host:start", id: 1, entry: "/tmp/evil.js" }, { type: "call", id: 1, method: "listThreads" }]) {
      expect(parseBrokerRequest(bad)).toBeNull();
    }
  });

  it("tells main's notices apart from port-server's answers and events", () => {
    expect(parseBrokerNotice({ type: "graph-host:exit", id: 2, code: 5 })).toEqual({ type: "graph-host:exit", id: 2, code: 5 });
    expect(parseBrokerNotice({ type: "result", id: 2, result: { ok: true } })).toBeNull();
    expect(parseBrokerNotice({ type: "event", event: "onRunEvent", payload: {} })).toBeNull();
    expect(parseBrokerNotice({ type: "graph-host:start", id: 2 })).toBeNull();
  });
});

describe("main's graph host bookkeeping", () => {
  it("starts a host per id, refuses a live id and more than the cap, and frees a slot when one exits", () => {
    const { broker, notices, forked } = setup(2);
    expect(broker.handle({ type: "graph-host:start", id: 1 })).toBe(true);
    broker.handle({ type: "graph-host:start", id: 1 });
    broker.handle({ type: "graph-host:start", id: 2 });
    broker.handle({ type: "graph-host:start", id: 3 });
    expect(forked).toEqual([1, 2]);
    expect(notices).toEqual([
      { type: "graph-host:refused", id: 1, reason: "graph host 1 is already running" },
      { type: "graph-host:refused", id: 3, reason: "2 graph hosts are already running; wait for one to end" },
    ]);
    broker.exited(1, 5);
    expect(notices.at(-1)).toEqual({ type: "graph-host:exit", id: 1, code: 5 });
    broker.handle({ type: "graph-host:start", id: 4 });
    expect(forked).toEqual([1, 2, 4]);
    expect(broker.liveCount).toBe(2);
  });

  it("ignores what is not a request, kills on request and all at once when the backend goes", () => {
    const { broker, forked, killed, notices } = setup(4);
    expect(broker.handle({ type: "call", id: 1, method: "openDatabase", args: {} })).toBe(false);
    expect(broker.handle({ type: "graph-host:start", id: 1, entry: "/tmp/evil.js" })).toBe(false);
    expect(forked).toEqual([]);
    broker.handle({ type: "graph-host:start", id: 1 });
    broker.handle({ type: "graph-host:start", id: 2 });
    broker.handle({ type: "graph-host:kill", id: 1 });
    broker.handle({ type: "graph-host:kill", id: 9 });
    expect(killed).toEqual([1]);
    broker.killAll();
    expect(killed).toEqual([1, 1, 2]);
    expect(broker.liveCount).toBe(0);
    broker.exited(2, null);
    expect(notices).toEqual([]);
  });

  it("answers refused with the first line of the reason when the host cannot be started", () => {
    const { broker, notices } = setup(2, "spawn failed");
    broker.handle({ type: "graph-host:start", id: 7 });
    expect(notices).toEqual([{ type: "graph-host:refused", id: 7, reason: "spawn failed" }]);
    expect(broker.liveCount).toBe(0);
  });
});
