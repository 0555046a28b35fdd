/**
 * exportThread through the contract (the in-memory transport validates arguments as the hosts do): a
 * thread or the branch ending at a checkpoint as bundle text, redacted paths replaced, ids as stored,
 * and a bad redaction path refused naming itself. The text imports into a new file exactly.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, type DebuggerClient } from "../../core/api/client.ts";
import { importBundle, readBundle, type StoredCheckpoint } from "../../core/debugger/bundle.ts";
import { createInMemoryTransport } from "../../core/debugger/in-memory-transport.ts";
import { createDebuggerService, type DebuggerService } from "../../core/debugger/service.ts";
import { END, lastValue, START, StateGraph } from "../../core/index.ts";
import { SqliteSaver } from "../../core/storage/sqlite/index.ts";

let dir: string;
let service: DebuggerService;
let client: DebuggerClient;
let ids: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "chronograph-export-"));
  const saver = SqliteSaver.open(join(dir, "runs.db"));
  const graph = new StateGraph({ name: "chat", channels: { token: lastValue(""), reply: lastValue("") } })
    .addNode("answer", () => ({ reply: "hello" }))
    .addEdge(START, "answer")
    .addEdge("answer", END)
    .compile({ checkpointer: saver });
  await graph.invoke({ token: "secret-123" }, { threadId: "t/1" });
  ids = (await saver.list("t/1")).map((tuple) => tuple.record.checkpointId).reverse();
  await saver.close();
  service = createDebuggerService({ configDir: join(dir, "config"), pollIntervalMs: 60_000 });
  client = createClient(createInMemoryTransport(service));
  await client.openDatabase({ path: join(dir, "runs.db") });
});

afterAll(async () => {
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("exportThread", () => {
  it("returns the thread as bundle text with the redacted path replaced, ids as stored", async () => {
    const exported = await client.exportThread({ threadId: "t/1", redact: ["$.values.token"] });
    expect(exported.fileName).toBe("t_1.bundle.json");
    expect(exported.checkpoints).toBe(ids.length);
    expect(exported.redacted).toEqual([{ path: "$.values.token", matches: exported.redacted[0]!.matches }]);
    expect(exported.redacted[0]!.matches).toBeGreaterThan(0);
    expect(exported.text).not.toContain("secret-123");
    const file = join(dir, exported.fileName);
    writeFileSync(file, exported.text);
    const bundle = readBundle(file);
    expect((bundle.checkpoints as StoredCheckpoint[]).map((c) => c.record.checkpointId)).toEqual(ids);
    await importBundle(bundle, join(dir, "copy.db"));
    const copy = SqliteSaver.open(join(dir, "copy.db"));
    const head = await copy.getTuple("t/1").finally(() => copy.close());
    expect(head?.record.checkpointId).toBe(ids.at(-1));
    expect(head?.values).toMatchObject({ token: "[redacted]", reply: "hello" });
  });

  it("exports only the branch ending at a checkpoint when asked", async () => {
    const exported = await client.exportThread({ threadId: "t/1", checkpointId: ids[1]! });
    expect(exported.checkpoints).toBe(2);
    expect(exported.fileName).toMatch(/^t_1-.+\.bundle\.json$/);
  });

  it("refuses a redaction path it cannot read, naming it", async () => {
    await expect(client.exportThread({ threadId: "t/1", redact: ["$.values..token"] })).rejects.toThrow(/Redaction path "\$\.values\.\.token" is not supported/);
    await expect(client.exportThread({ threadId: "nope", redact: [] })).rejects.toThrow(/nope/);
  });
});
