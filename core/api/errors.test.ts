import { describe, expect, it } from "vitest";
import { ChronographError, errorCodeOf, toErrorInfo } from "./errors.ts";

describe("toErrorInfo", () => {
  it("keeps a coded error's code, message and subject", () => {
    const error = new ChronographError("UNKNOWN_CHANNEL", 'Node "a" wrote to channel "nope".', { node: "a", channel: "nope" });
    expect(toErrorInfo(error)).toEqual({ code: "UNKNOWN_CHANNEL", message: 'Node "a" wrote to channel "nope".', subject: { node: "a", channel: "nope" } });
  });

  it("recognises a coded error from another engine instance by its shape", () => {
    const foreign = Object.assign(new Error("Thread \"t\" has no checkpoints."), { name: "ChronographError", code: "THREAD_NOT_FOUND" });
    expect(errorCodeOf(foreign)).toBe("THREAD_NOT_FOUND");
    expect(toErrorInfo(foreign).code).toBe("THREAD_NOT_FOUND");
  });

  it("turns anything else into INTERNAL with the first line of its message, never a stack", () => {
    expect(toErrorInfo(new TypeError("x is undefined\n    at /home/me/secret.ts:1:1"))).toEqual({ code: "INTERNAL", message: "x is undefined" });
    expect(toErrorInfo(Object.assign(new Error("odd"), { name: "ChronographError", code: "NOT_A_CODE" })).code).toBe("INTERNAL");
    expect(toErrorInfo(42)).toEqual({ code: "INTERNAL", message: "Unknown error" });
  });
});
