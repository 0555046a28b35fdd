/**
 * Change notifications on Chronograph's PostgreSQL schema: every checkpoint and every batch of pending
 * writes the engine's PostgresSaver stores sends pg_notify on one channel, in the same statement (so in
 * the same transaction and the same round trip: the notification goes out only if the write commits).
 * The payload names the schema and the thread, so a listener watches its schema among several.
 */
export const NOTIFY_CHANNEL = "chronograph_changes";

/** pg_notify payloads are limited to 8000 bytes; a thread id too long to fit is left out (listeners re-read anyway). */
const MAX_PAYLOAD = 7000;

export function notifyPayload(schema: string, threadId: string): string {
  const full = JSON.stringify([schema, threadId]);
  return Buffer.byteLength(full) <= MAX_PAYLOAD ? full : JSON.stringify([schema, null]);
}

/** The schema a payload names, or null when it is not one of ours. */
export function payloadSchema(payload: string | undefined): string | null {
  try {
    const parsed = JSON.parse(payload ?? "") as unknown;
    return Array.isArray(parsed) && typeof parsed[0] === "string" ? parsed[0] : null;
  } catch {
    return null;
  }
}
