/**
 * Damaged or unusual LangGraph files: a serializer type the reader does not know, truncated blobs, a
 * checkpoint whose parent is missing, writes whose checkpoint is gone. Each shows what it can and
 * names the problem (file, thread, checkpoint, channel) in the view's warnings; nothing throws.
 * Fixture copies are damaged with plain SQL; the fixtures themselves are never touched.
 */
import Database from "better-sqlite3";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LangGraphSource } from "../../core/interop/langgraph/source.ts";
import { copyFixture, expectedOf, tempDir } from "./helpers.ts";
import { checkpointBytes, pyCheckpointId, pyVersion, writePythonDatabase } from "./python-format.ts";

const thread = { threadId: "ticket-rejected-then-approved", namespace: "" };
const rejected = expectedOf("hitl-interrupt.sqlite").namespaces.find((ns) => ns.thread_id === thread.threadId)!;
/** The checkpoint waiting at the first review, and the one after the rejection (ids are hex and dashes, safe in a RegExp). */
const HITL_REVIEW = rejected.checkpoints.find((checkpoint) => checkpoint.step === 1)!.checkpoint_id;
const HITL_MIDDLE = rejected.checkpoints.find((checkpoint) => checkpoint.step === 2)!.checkpoint_id;

describe("damaged LangGraph files", () => {
  let temp: ReturnType<typeof tempDir>;
  let file: string;
  const damage = (sql: string, ...params: unknown[]) => {
    const db = new Database(file);
    db.prepare(sql).run(...params);
    db.close();
  };
  beforeEach(() => {
    temp = tempDir();
    file = copyFixture("hitl-interrupt.sqlite", temp.dir);
  });
  afterEach(() => temp.cleanup());

  it("a write with an unknown serializer type is shown as a placeholder naming the type", async () => {
    damage("UPDATE writes SET type = 'cbor' WHERE checkpoint_id = ? AND channel = 'decision'", HITL_REVIEW);
    const source = await LangGraphSource.open(file);
    const view = await source.getCheckpoint(thread, HITL_REVIEW);
    const decision = view.pendingWrites.find((write) => write.kind === "decision")!;
    expect(decision.value).toMatchObject({ $unreadable: 'unknown serializer type "cbor"', type: "cbor" });
    expect(view.warnings).toEqual([expect.stringMatching(new RegExp(`channel "decision" written by task .* against checkpoint "${HITL_REVIEW}" of thread "ticket-rejected-then-approved" .* uses the serializer type "cbor"`))]);
    expect(view.tasks[0]!.name).toBe("review");
    expect(view.values.request).toBe("late delivery");
    await source.close();
  });

  it("a checkpoint with an unknown serializer type keeps its place in the history and says why it is empty", async () => {
    damage("UPDATE checkpoints SET type = 'cbor' WHERE checkpoint_id = ?", HITL_MIDDLE);
    const source = await LangGraphSource.open(file);
    const entries = await source.listCheckpoints(thread);
    expect(entries).toHaveLength(7);
    const broken = entries.find((entry) => entry.checkpointId === HITL_MIDDLE)!;
    expect({ step: broken.step, parent: broken.parentId }).toEqual({ step: 2, parent: HITL_REVIEW });
    const view = await source.getCheckpoint(thread, HITL_MIDDLE);
    expect(view.values).toEqual({});
    expect(view.warnings!.join("\n")).toMatch(new RegExp(`checkpoint blob of checkpoint "${HITL_MIDDLE}" .* serializer type "cbor"`));
    expect((await source.getCheckpoint(thread, entries[0]!.checkpointId)).warnings).toBeUndefined();
    await source.close();
  });

  it("a truncated checkpoint blob and a truncated write are named, the rest is shown", async () => {
    damage("UPDATE checkpoints SET checkpoint = substr(checkpoint, 1, 120) WHERE checkpoint_id = ?", HITL_MIDDLE);
    damage("UPDATE writes SET value = substr(value, 1, 10) WHERE checkpoint_id = ? AND channel = 'decision'", HITL_REVIEW);
    const source = await LangGraphSource.open(file);
    const middle = await source.getCheckpoint(thread, HITL_MIDDLE);
    expect(middle.warnings!.join("\n")).toMatch(new RegExp(`checkpoint blob of checkpoint "${HITL_MIDDLE}" of thread "ticket-rejected-then-approved" in ".*hitl-interrupt.sqlite" is not valid JSON .* may be truncated`));
    expect(middle.source).toBe("loop");
    const review = await source.getCheckpoint(thread, HITL_REVIEW);
    expect(review.pendingWrites.find((write) => write.kind === "decision")!.value).toMatchObject({ $unreadable: expect.stringMatching(/not valid JSON/) });
    expect(review.warnings!.join("\n")).toMatch(/channel "decision"/);
    await source.close();
  });

  it("a checkpoint whose parent is missing is shown with its values and a warning naming the parent", async () => {
    damage("DELETE FROM checkpoints WHERE checkpoint_id = ?", HITL_MIDDLE);
    const source = await LangGraphSource.open(file);
    const entries = await source.listCheckpoints(thread);
    const orphan = entries.find((entry) => entry.parentId === HITL_MIDDLE)!;
    const view = await source.getCheckpoint(thread, orphan.checkpointId);
    expect(view.values).toMatchObject({ request: "late delivery", revision: 1 });
    expect(view.next).toEqual(["review"]);
    expect(view.writers).toEqual([]);
    expect(view.warnings!.join("\n")).toMatch(new RegExp(`parent checkpoint "${HITL_MIDDLE}" of checkpoint "${orphan.checkpointId}" .* is missing`));
    const head = await source.getCheckpoint(thread, entries[0]!.checkpointId);
    expect(head.warnings!.join("\n")).toMatch(new RegExp(`stored against checkpoints that do not exist \\(${HITL_MIDDLE}\\)`));
    expect((await source.listThreads()).find((row) => row.threadId === thread.threadId)!.status).toBe("done");
    await source.close();
  });
});

describe("damaged Python files", () => {
  it("a truncated msgpack checkpoint shows the channels read before the cut, and names the cut", async () => {
    const temp = tempDir();
    try {
      const file = join(temp.dir, "py.sqlite");
      const id = pyCheckpointId(0, 0);
      const full = checkpointBytes({ thread: "t", id, parent: null, values: { topic: "tides", notes: ["a", "b", "c"] }, versions: { topic: pyVersion(1), notes: pyVersion(1) }, seen: {}, metadata: {} });
      // Cut inside the last note: keep the header of the string "c" (0xa1) but not its byte.
      const cut = full.subarray(0, Buffer.from(full).indexOf(Buffer.from([0xa1, 0x63])) + 1);
      writePythonDatabase(file, [{ thread: "t", id, parent: null, values: {}, versions: {}, seen: {}, metadata: { source: "loop", step: 0, parents: {} }, raw: cut }], []);
      const source = await LangGraphSource.open(file);
      const view = await source.getCheckpoint({ threadId: "t", namespace: "" }, id);
      expect(view.values.topic).toBe("tides");
      expect(view.values.notes).toEqual(["a", "b", expect.objectContaining({ $unreadable: expect.stringMatching(/truncated/) })]);
      expect(view.warnings).toEqual([expect.stringMatching(/checkpoint blob of checkpoint ".*" of thread "t" in ".*py.sqlite" could not be read whole: truncated/)]);
      await source.close();
    } finally {
      temp.cleanup();
    }
  });
});
