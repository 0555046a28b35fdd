/**
 * The web host's answer body (electron/web/answer-body.ts): a long list is written a batch of items at a time
 * (chunked, no Content-Length) and the bytes the client reads are JSON.stringify(answer)'s, byte for byte; a
 * small answer is one write with its Content-Length, as before.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { sendJson, STREAM_FROM_ITEMS } from "../electron/web/answer-body.ts";

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** Serve `body` once through sendJson and read it back as raw bytes with its headers. */
async function roundTrip(body: unknown, status = 200): Promise<{ bytes: Buffer; headers: Headers; status: number }> {
  server = createServer((_request, response) => void sendJson(response, status, body));
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  return { bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers, status: response.status };
}

/** Timeline-like entries: nested values, text outside ASCII, optional fields left undefined, a null. */
function entries(count: number): unknown[] {
  return Array.from({ length: count }, (_, at) => ({
    checkpointId: `1ef-${at.toString(16).padStart(8, "0")}`,
    parentId: at === 0 ? null : `1ef-${(at - 1).toString(16).padStart(8, "0")}`,
    step: at,
    next: at % 3 === 0 ? ["agent", "tools"] : [],
    note: at % 7 === 0 ? `naïve — ✓ "quoted" \\ ${"\u{1F600}"}\n` : undefined,
    run: at % 5 === 0 ? { number: at / 5, started: { how: "input" } } : undefined,
  }));
}

describe("the web host's answer body", () => {
  it("streams a long list chunked, byte for byte what JSON.stringify writes", async () => {
    const body = { ok: true, value: entries(STREAM_FROM_ITEMS * 5 + 17) };
    const { bytes, headers, status } = await roundTrip(body);
    expect(status).toBe(200);
    expect(headers.get("content-length")).toBeNull();
    expect(headers.get("transfer-encoding")).toBe("chunked");
    expect(headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(bytes.equals(Buffer.from(JSON.stringify(body), "utf8"))).toBe(true);
  });

  it("writes undefined, function and missing items of a long list as null, as JSON.stringify does", async () => {
    const value: unknown[] = entries(STREAM_FROM_ITEMS);
    value[3] = undefined;
    value[4] = () => 1;
    delete value[5];
    const body = { ok: true, value };
    const { bytes, headers } = await roundTrip(body);
    expect(headers.get("transfer-encoding")).toBe("chunked");
    expect(bytes.toString("utf8")).toBe(JSON.stringify(body));
  });

  it("sends a short list, an error and any other answer whole, with its Content-Length", async () => {
    for (const body of [{ ok: true, value: entries(STREAM_FROM_ITEMS - 1) }, { ok: false, error: { code: "NOT_FOUND", message: 'No thread "t1".' } }, { value: entries(STREAM_FROM_ITEMS), ok: true }]) {
      const { bytes, headers } = await roundTrip(body);
      expect(headers.get("content-length")).toBe(String(bytes.length));
      expect(bytes.equals(Buffer.from(JSON.stringify(body), "utf8"))).toBe(true);
      await new Promise<void>((resolve) => server!.close(() => resolve()));
      server = undefined;
    }
  });

  it("cuts the answer rather than sending a wrong one when an item cannot be written", async () => {
    const value: unknown[] = entries(STREAM_FROM_ITEMS * 2);
    value[STREAM_FROM_ITEMS + 1] = { big: 1n };
    await expect(roundTrip({ ok: true, value })).rejects.toThrow();
  });
});
