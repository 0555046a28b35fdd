import { describe, expect, it } from "vitest";
import { notifyPayload, payloadSchema } from "./notify.ts";

describe("change notification payloads", () => {
  it("name the schema (a listener watches its own among several) and the thread", () => {
    expect(JSON.parse(notifyPayload("live", "t-1"))).toEqual(["live", "t-1"]);
    expect(payloadSchema(notifyPayload("live", "t-1"))).toBe("live");
    expect(payloadSchema(notifyPayload("elsewhere", "t-1"))).not.toBe("live");
  });

  it("leave out a thread id too long for pg_notify's 8000 bytes, keeping the schema", () => {
    const payload = notifyPayload("live", "x".repeat(9000));
    expect(Buffer.byteLength(payload)).toBeLessThan(8000);
    expect(JSON.parse(payload)).toEqual(["live", null]);
  });

  it("ignore payloads that are not ours", () => {
    expect(payloadSchema(undefined)).toBeNull();
    expect(payloadSchema("not json")).toBeNull();
    expect(payloadSchema('{"schema":"live"}')).toBeNull();
  });
});
