/**
 * The backend over a message port (what Electron's main process uses to reach the utility process):
 * calls answer as they do in process, errors keep their codes, events are pushed, and an abandoned call
 * is cancelled on the backend too. A real MessageChannel carries the messages, structured clone and all.
 */
import { MessageChannel, type MessagePort } from "node:worker_threads";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createClient } from "../../core/api/client.ts";
import type { CallResult, DebuggerApi } from "../../core/api/contract.ts";
import { createPortTransport } from "../../core/debugger/port-client.ts";
import { servePort, type PortLike } from "../../core/debugger/port-server.ts";
import type { DebuggerService } from "../../core/debugger/service.ts";
import { createFixture, type Fixture } from "./fixtures.ts";

let fixture: Fixture;
let channel: MessageChannel;
beforeEach(async () => {
  fixture = await createFixture();
  channel = new MessageChannel();
});
afterEach(async () => {
  channel.port1.close();
  await fixture.cleanup();
});

function portLike(port: MessagePort, seen?: unknown[]): PortLike {
  return {
    post: (message) => port.postMessage(message),
    onMessage(listener) {
      const handler = (message: unknown) => {
        seen?.push(message);
        listener(message);
      };
      port.on("message", handler);
      return () => port.off("message", handler);
    },
  };
}

describe("the backend over a message port", () => {
  it("answers calls, keeps error codes, and pushes events", async () => {
    const { service } = fixture.open();
    servePort(service, portLike(channel.port1));
    const client = createClient(createPortTransport(portLike(channel.port2)));
    const changes: unknown[] = [];
    client.on("onDatabaseChanged", (change) => changes.push(change));
    const info = await client.openDatabase({ path: fixture.db });
    expect(info).toMatchObject({ kind: "chronograph", threadCount: 4 });
    expect((await client.listThreads({})).rows.map((row) => row.threadId).sort()).toEqual(["approved", "count", "quick", "waiting"]);
    await expect(client.getTimeline({ threadId: "nowhere" })).rejects.toMatchObject({ code: "THREAD_NOT_FOUND", message: expect.stringContaining('"nowhere"') });
    await expect(client.getCheckpoint({ threadId: "quick", checkpointId: "missing" })).rejects.toMatchObject({ code: "CHECKPOINT_NOT_FOUND", message: expect.stringContaining('"missing"') });
    await expect(client.listThreads({ status: ["bogus" as never] })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    await expect.poll(() => changes.length).toBeGreaterThan(0);
    expect(changes[0]).toMatchObject({ database: { path: info.path } });
  });

  it("cancels an abandoned call on the backend, which stops with CANCELLED", async () => {
    const { service } = fixture.open();
    await service.openDatabase({ path: fixture.db });
    // The timeline read waits until its caller gives up, then reads: the backend must notice the cancel.
    const slow: DebuggerService = Object.create(service, {
      getTimeline: {
        value: (args: Parameters<DebuggerApi["getTimeline"]>[0], options: { signal: AbortSignal }) =>
          new Promise((resolve, reject) => options.signal.addEventListener("abort", () => service.getTimeline(args, options).then(resolve, reject))),
      },
    });
    const answers: unknown[] = [];
    servePort(slow, portLike(channel.port1));
    const transport = createPortTransport(portLike(channel.port2, answers));
    const controller = new AbortController();
    const call = transport.call("getTimeline", { threadId: "quick" }, { signal: controller.signal });
    const other = transport.call("listThreads", {});
    expect(((await other) as Extract<CallResult, { ok: true }>).value).toMatchObject({ total: 4 });
    controller.abort();
    expect(await call).toMatchObject({ ok: false, error: { code: "CANCELLED" } });
    await expect
      .poll(() => answers.find((answer) => (answer as { id?: number }).id === 1))
      .toMatchObject({ type: "result", result: { ok: false, error: { code: "CANCELLED", message: expect.stringContaining('thread "quick"') } } });
    expect(await transport.call("getTimeline", { threadId: "quick" }, { signal: AbortSignal.abort() })).toMatchObject({ ok: false, error: { code: "CANCELLED" } });
  });
});
