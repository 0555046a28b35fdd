/**
 * Cancellation in web mode, end to end: the page's transport aborts its fetch when the store abandons a
 * read, the host sees the request close, and the backend's read stops with CANCELLED, while other calls
 * keep answering.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import type { CallOptions, DebuggerApi } from "../core/api/contract.ts";
import type { DebuggerService } from "../core/debugger/service.ts";
import { startWebHost, type WebHost } from "../electron/web/server.ts";
import { createWebTransport } from "../renderer/transport/web.ts";
import { createFixture, type Fixture } from "./debugger/fixtures.ts";

let fixture: Fixture;
let host: WebHost;
let backendAnswer: Promise<unknown>;
/** Resolves once the backend has started the slow read. */
let reached: Promise<void>;

beforeEach(async () => {
  fixture = await createFixture();
  const { service } = fixture.open();
  await service.openDatabase({ path: fixture.db });
  let started: () => void;
  reached = new Promise<void>((resolve) => (started = resolve));
  // The timeline read waits until its caller gives up, then reads: the backend must see the cancel.
  const slow: DebuggerService = Object.create(service, {
    getTimeline: {
      value: (args: Parameters<DebuggerApi["getTimeline"]>[0], options: CallOptions) => {
        backendAnswer = new Promise((resolve) => options.signal!.addEventListener("abort", () => resolve(service.getTimeline(args, options).catch((error: unknown) => error))));
        started();
        return backendAnswer;
      },
    },
  });
  host = await startWebHost({ service: slow, rendererDir: fixture.dir });
});

afterEach(async () => {
  await host.close();
  await fixture.cleanup();
});

it("cancels an abandoned timeline read on the backend and keeps answering other calls", async () => {
  const transport = createWebTransport({ origin: `http://127.0.0.1:${host.port}`, token: host.token });
  const controller = new AbortController();
  const abandoned = transport.call("getTimeline", { threadId: "quick" }, { signal: controller.signal });
  await reached;
  const other = await transport.call("listThreads", {});
  expect(other).toMatchObject({ ok: true, value: { rows: expect.arrayContaining([expect.objectContaining({ threadId: "quick" })]) } });
  controller.abort();
  expect(await abandoned).toMatchObject({ ok: false, error: { code: "CANCELLED" } });
  expect(await backendAnswer).toMatchObject({ code: "CANCELLED", message: expect.stringContaining('getTimeline of thread "quick"') });
  transport.close();
});
