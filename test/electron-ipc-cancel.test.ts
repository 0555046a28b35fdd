/**
 * Cancels over Electron's IPC (electron/main/call-cancels.ts): a page can abandon only its own calls,
 * by a well-formed id, and a cancel reaches the backend call as an aborted signal.
 */
import { describe, expect, it } from "vitest";
import { createCallCancels, isCallId } from "../electron/main/call-cancels.ts";

describe("call cancels over IPC", () => {
  it("aborts the signal of the page's own call, and only while it runs", () => {
    const cancels = createCallCancels();
    const signal = cancels.begin(7, "call-1")!;
    expect(signal.aborted).toBe(false);
    cancels.cancel(7, "call-1");
    expect(signal.aborted).toBe(true);
    expect(cancels.size).toBe(0);

    const answered = cancels.begin(7, "call-2")!;
    cancels.end(7, "call-2");
    cancels.cancel(7, "call-2");
    expect(answered.aborted).toBe(false);
  });

  it("never lets one page cancel another page's call", () => {
    const cancels = createCallCancels();
    const signal = cancels.begin(1, "same-id")!;
    cancels.cancel(2, "same-id");
    expect(signal.aborted).toBe(false);
    expect(cancels.size).toBe(1);
  });

  it("ignores calls without an id and refuses malformed ids", () => {
    const cancels = createCallCancels();
    expect(cancels.begin(1, undefined)).toBeUndefined();
    expect(cancels.begin(1, "x".repeat(65))).toBeUndefined();
    expect(cancels.begin(1, "../../etc")).toBeUndefined();
    expect(cancels.begin(1, { toString: () => "a" })).toBeUndefined();
    expect(cancels.size).toBe(0);
    expect(isCallId("4f7c2a9e-0b1d-4c3e-9a8f-1234567890ab")).toBe(true);
  });
});
