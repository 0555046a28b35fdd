/**
 * How a call's answer becomes the HTTP body. Most answers are small: one JSON.stringify and one write with its
 * Content-Length. A long list (a whole timeline of 20,000 checkpoints: 5 MB of JSON) is written a batch of
 * items at a time, chunked, waiting for the socket to drain between batches, so the host never holds the whole
 * JSON text, nor its UTF-8 copy, beside the list itself (they were 2 x 5 MB for that timeline, plus the
 * serializer's garbage). The bytes sent are JSON.stringify(answer)'s, byte for byte, either way.
 */
import type { ServerResponse } from "node:http";

/** Lists of at least this many items are streamed. */
export const STREAM_FROM_ITEMS = 1000;
/** Items serialized per write when streaming. */
const BATCH_ITEMS = 200;

const HEADERS = { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" };

/** The list to stream when `body` is exactly { ok, value } with a long array as value (dispatch's CallResult); else undefined. */
function streamable(body: unknown): unknown[] | undefined {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return undefined;
  const keys = Object.keys(body);
  if (keys.length !== 2 || keys[0] !== "ok" || keys[1] !== "value") return undefined;
  const { ok, value } = body as { ok: unknown; value: unknown };
  if (typeof ok !== "boolean" || !Array.isArray(value) || value.length < STREAM_FROM_ITEMS) return undefined;
  // An array with its own toJSON is left to JSON.stringify as a whole (holes are written as null, as it writes them).
  if ("toJSON" in value) return undefined;
  return value;
}

/** The JSON text of items[from, to), joined as JSON.stringify joins an array's items (undefined, functions and symbols as null). */
function batch(items: readonly unknown[], from: number, to: number): string {
  const parts: string[] = [];
  for (let at = from; at < to; at += 1) parts.push(JSON.stringify(items[at]) ?? "null");
  return parts.join(",");
}

/** Resolves once `response` can take more (or has closed). */
function drained(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off("drain", done);
      response.off("close", done);
      resolve();
    };
    response.on("drain", done);
    response.on("close", done);
  });
}

/** Write `body` as JSON with `status`: at once when small, a batch of items at a time when it is a long list. */
export async function sendJson(response: ServerResponse, status: number, body: unknown): Promise<void> {
  const items = streamable(body);
  if (!items) {
    const text = JSON.stringify(body);
    response.writeHead(status, { ...HEADERS, "Content-Length": Buffer.byteLength(text) });
    response.end(text);
    return;
  }
  response.writeHead(status, HEADERS);
  try {
    let more = response.write(`{"ok":${String((body as { ok: boolean }).ok)},"value":[`);
    for (let from = 0; from < items.length; from += BATCH_ITEMS) {
      if (!more) await drained(response);
      if (response.destroyed) return;
      const to = Math.min(items.length, from + BATCH_ITEMS);
      more = response.write(from === 0 ? batch(items, from, to) : `,${batch(items, from, to)}`);
    }
    response.end("]}");
  } catch (error) {
    // An item JSON cannot write (a BigInt, a cycle) after the status line went out: the client sees a cut answer, never a wrong one.
    response.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}
