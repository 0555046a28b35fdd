/**
 * LangGraph's ids (docs/langgraph-format.md, sections 7.1-7.3): UUIDv5 task ids, UUIDv6 checkpoint ids that sort by creation
 * time, XXH3 task ids of Python (format v2+) and SHA-1 ones of Python v1. Pure functions.
 */
import { createHash, randomBytes } from "node:crypto";
import { xxh3Hex } from "./xxh3.ts";

/** The task id LangGraph uses for writes that belong to no task (resume values, Command input). */
export const NULL_TASK_ID = "00000000-0000-0000-0000-000000000000";

/** The value of one hex digit's char code, or -1. */
function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/** The 16 bytes of a UUID written as 32 hex digits with any dashes; throws naming the text otherwise. Parsed by char code: it runs for every recomputed task id. */
export function uuidBytes(uuid: string): Uint8Array {
  const bytes = new Uint8Array(16);
  let digits = 0;
  for (let index = 0; index < uuid.length; index += 1) {
    const code = uuid.charCodeAt(index);
    if (code === 45) continue;
    const value = hexValue(code);
    if (value < 0 || digits >= 32) throw new Error(`"${uuid}" is not a UUID`);
    bytes[digits >> 1] = digits % 2 === 0 ? value << 4 : bytes[digits >> 1]! | value;
    digits += 1;
  }
  if (digits !== 32) throw new Error(`"${uuid}" is not a UUID`);
  return bytes;
}

/** The last namespace uuid5 parsed: callers hash many names in one checkpoint's namespace in a row. */
let lastNamespace: { uuid: string; bytes: Uint8Array } = { uuid: "", bytes: new Uint8Array(0) };

function namespaceBytes(uuid: string): Uint8Array {
  if (lastNamespace.uuid !== uuid) lastNamespace = { uuid, bytes: uuidBytes(uuid) };
  return lastNamespace.bytes;
}

export function formatUuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** RFC 4122 UUIDv5 of `name` in the namespace `namespaceUuid` (LangGraph.js task ids, update tasks). */
export function uuid5(name: string, namespaceUuid: string): string {
  const digest = createHash("sha1").update(namespaceBytes(namespaceUuid)).update(name, "utf8").digest();
  digest[6] = (digest[6]! & 0x0f) | 0x50;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  return formatUuid(digest.subarray(0, 16).toString("hex"));
}

function concat(namespace: Uint8Array, text: string): Uint8Array {
  const tail = new TextEncoder().encode(text);
  const all = new Uint8Array(namespace.length + tail.length);
  all.set(namespace);
  all.set(tail, namespace.length);
  return all;
}

/** Python v2+ task id: XXH3-128 of the checkpoint id's bytes followed by the joined parts. */
export function pythonXxh3Id(checkpointId: string, joined: string): string {
  return formatUuid(xxh3Hex(concat(uuidBytes(checkpointId), joined)));
}

/** Python v1 task id: SHA-1 of the same bytes, with or without UUIDv5 version bits. */
export function pythonSha1Ids(checkpointId: string, joined: string): string[] {
  const digest = createHash("sha1").update(concat(uuidBytes(checkpointId), joined)).digest().subarray(0, 16);
  const plain = formatUuid(digest.toString("hex"));
  digest[6] = (digest[6]! & 0x0f) | 0x50;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  return [plain, formatUuid(digest.toString("hex"))];
}

/** 100-ns intervals between 1582-10-15 (the UUID epoch) and 1970-01-01. */
const GREGORIAN_OFFSET = 0x01b21dd213814000n;

/** The creation time of a UUIDv6 (or v1) id in 100-ns ticks since the UUID epoch, or null. */
export function uuidTicks(uuid: string): bigint | null {
  const hex = uuid.replaceAll("-", "");
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return null;
  const version = hex[12];
  if (version === "6") return (BigInt(`0x${hex.slice(0, 12)}`) << 12n) | BigInt(`0x${hex.slice(13, 16)}`);
  if (version === "1") return (BigInt(`0x${hex.slice(13, 16)}`) << 48n) | (BigInt(`0x${hex.slice(8, 12)}`) << 32n) | BigInt(`0x${hex.slice(0, 8)}`);
  return null;
}

/** The clock-sequence field of a new id, as each runtime derives it from the step (section 7.1). */
export function clockSeqField(step: number, dialect: "js" | "py"): number {
  if (dialect === "py") return 0x8000 | (step & 0x3fff);
  // LangGraph.js hands the step to the uuid library, which keeps the low 14 bits and sets the variant.
  return ((((step >>> 8) | 0x80) & 0xff) << 8) | (step & 0xff);
}

/**
 * A new UUIDv6 checkpoint id with the given clock sequence, strictly greater (as a string) than
 * `after` when given, so the new checkpoint becomes the head even if the clock went backwards.
 */
export function newCheckpointUuid(clockSeq: number, after: string | null, now = Date.now()): string {
  let ticks = BigInt(now) * 10_000n + GREGORIAN_OFFSET;
  const floor = after ? uuidTicks(after) : null;
  if (floor !== null && ticks <= floor) ticks = floor + 1n;
  const time = ticks.toString(16).padStart(15, "0");
  const node = randomBytes(6).toString("hex");
  const id = formatUuid(`${time.slice(0, 12)}6${time.slice(12, 15)}${clockSeq.toString(16).padStart(4, "0")}${node}`);
  if (after && id <= after) throw new Error(`could not make an id after "${after}"`);
  return id;
}
