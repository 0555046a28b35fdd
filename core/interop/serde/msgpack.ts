/**
 * MessagePack as a lossless tree. Python LangGraph stores checkpoints and writes with ormsgpack; to show
 * them we decode to `MsgNode`s, and to write them back (editing) we encode nodes with the same canonical
 * choices ormsgpack makes (smallest int / length formats, float64 floats, exact-size fixext). So
 * `encodeMsgpack(decodeMsgpack(bytes).node)` equals `bytes` exactly when `bytes` was canonical; callers
 * use that to decide whether an edit can be written faithfully.
 *
 * Decoding never throws on bad input: a payload cut short yields the part read so far with a
 * `truncated` node where the data ran out, and `problem` says what happened. No library: we need the
 * int/float distinction and 64-bit integers that general-purpose decoders smooth away.
 */

export type MsgNode =
  | { kind: "nil" }
  | { kind: "bool"; value: boolean }
  | { kind: "int"; value: bigint }
  | { kind: "float"; value: number; bits: 32 | 64 }
  | { kind: "str"; value: string }
  | { kind: "bin"; value: Uint8Array }
  | { kind: "array"; items: MsgNode[] }
  | { kind: "map"; entries: Array<[MsgNode, MsgNode]> }
  | { kind: "ext"; type: number; data: Uint8Array }
  /** Where a payload ended early or held a byte that is not MessagePack; `reason` says which. */
  | { kind: "truncated"; reason: string }
  /** A value over the decoding budget, skipped without being built: its stored size and why. */
  | { kind: "too-large"; bytes: number; items: number | null; reason: string };

export interface DecodeResult {
  node: MsgNode;
  /** Set when the payload was cut short, malformed, or followed by extra bytes. */
  problem?: string;
  /** One line per value left out for being over budget, naming where it sits ("channel_values.messages"). */
  overBudget?: string[];
}

/** How much one payload may build: items of arrays and maps in all, and bytes of one string or binary. */
export interface MsgpackBudget {
  items: number;
  bytes: number;
}

const MAX_DEPTH = 512;
const utf8 = new TextDecoder("utf-8");

class OutOfData extends Error {}

class Reader {
  offset = 0;
  problem: string | undefined;
  /** Items built so far, against budget.items. */
  items = 0;
  /** Map keys leading to the value being read, for naming what was left out. */
  readonly path: string[] = [];
  readonly overBudget: string[] = [];
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    readonly budget: MsgpackBudget,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  need(n: number): void {
    if (this.offset + n > this.bytes.length) {
      throw new OutOfData(`truncated: ${n} byte(s) needed at offset ${this.offset}, ${this.bytes.length - this.offset} left`);
    }
  }
  u8(): number {
    this.need(1);
    return this.bytes[this.offset++]!;
  }
  u16(): number {
    this.need(2);
    const value = this.view.getUint16(this.offset);
    this.offset += 2;
    return value;
  }
  u32(): number {
    this.need(4);
    const value = this.view.getUint32(this.offset);
    this.offset += 4;
    return value;
  }
  big(signed: boolean): bigint {
    this.need(8);
    const value = signed ? this.view.getBigInt64(this.offset) : this.view.getBigUint64(this.offset);
    this.offset += 8;
    return value;
  }
  float(bits: 32 | 64): number {
    this.need(bits / 8);
    const value = bits === 32 ? this.view.getFloat32(this.offset) : this.view.getFloat64(this.offset);
    this.offset += bits / 8;
    return value;
  }
  take(n: number): Uint8Array {
    this.need(n);
    const slice = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return slice;
  }
}

const UNLIMITED: MsgpackBudget = { items: Number.POSITIVE_INFINITY, bytes: Number.POSITIVE_INFINITY };

/**
 * Decode one MessagePack value. Never throws; see `problem` and `truncated` nodes. With a budget, an
 * array or map that would take the items built past `budget.items`, or a string, binary or extension
 * longer than `budget.bytes`, is skipped over (scanned, not built) and becomes a `too-large` node.
 */
export function decodeMsgpack(bytes: Uint8Array, budget: MsgpackBudget = UNLIMITED): DecodeResult {
  const reader = new Reader(bytes, budget);
  const node = readNode(reader, 0);
  const over = reader.overBudget.length > 0 ? { overBudget: reader.overBudget } : {};
  if (reader.problem) return { node, problem: reader.problem, ...over };
  if (reader.offset < bytes.length) return { node, problem: `${bytes.length - reader.offset} unexpected byte(s) after the value at offset ${reader.offset}`, ...over };
  return { node, ...over };
}

/** The byte length of a string, binary or extension header `byte`, or -1 for any other value. */
function blobLength(reader: Reader, byte: number): number {
  if (byte >= 0xa0 && byte <= 0xbf) return byte & 0x1f;
  if (byte === 0xc4 || byte === 0xc7 || byte === 0xd9) return reader.u8();
  if (byte === 0xc5 || byte === 0xc8 || byte === 0xda) return reader.u16();
  if (byte === 0xc6 || byte === 0xc9 || byte === 0xdb) return reader.u32();
  return -1;
}

/** The entry count of an array (1 slot per item) or map (2 slots per entry) header, or -1. */
function containerSlots(reader: Reader, byte: number): number {
  if (byte >= 0x80 && byte <= 0x8f) return 2 * (byte & 0x0f);
  if (byte >= 0x90 && byte <= 0x9f) return byte & 0x0f;
  if (byte === 0xdc) return reader.u16();
  if (byte === 0xdd) return reader.u32();
  if (byte === 0xde) return 2 * reader.u16();
  if (byte === 0xdf) return 2 * reader.u32();
  return -1;
}

/** Fixed byte sizes after the head byte of scalars with no length (ints, floats, fixext). */
function scalarSize(byte: number, at: number): number {
  if (byte <= 0x7f || byte >= 0xe0 || byte === 0xc0 || byte === 0xc2 || byte === 0xc3) return 0;
  const sizes: Record<number, number> = { 0xca: 4, 0xcb: 8, 0xcc: 1, 0xcd: 2, 0xce: 4, 0xcf: 8, 0xd0: 1, 0xd1: 2, 0xd2: 4, 0xd3: 8, 0xd4: 2, 0xd5: 3, 0xd6: 5, 0xd7: 9, 0xd8: 17 };
  const size = sizes[byte];
  if (size === undefined) throw new OutOfData(`byte 0x${byte.toString(16)} at offset ${at} is not MessagePack`);
  return size;
}

/** Move past one whole value without building it; iterative, so any nesting is fine. Returns items seen. */
function skipValue(reader: Reader): number {
  let pending = 1;
  let items = 0;
  while (pending > 0) {
    pending -= 1;
    const at = reader.offset;
    const byte = reader.u8();
    const slots = containerSlots(reader, byte);
    if (slots >= 0) {
      pending += slots;
      items += slots;
      continue;
    }
    const length = blobLength(reader, byte);
    if (length >= 0) {
      reader.take(length + (byte === 0xc7 || byte === 0xc8 || byte === 0xc9 ? 1 : 0));
      continue;
    }
    reader.take(scalarSize(byte, at));
  }
  return items;
}

function tooLargeNode(reader: Reader, start: number, items: number | null, reason: string): MsgNode {
  const where = reader.path.length > 0 ? reader.path.join(".") : "(the whole value)";
  reader.overBudget.push(`${where}: ${reason} (${reader.offset - start} bytes), not decoded`);
  return { kind: "too-large", bytes: reader.offset - start, items, reason };
}

/** When the value at the reader is over budget: skip it and return its placeholder; else null (offset unchanged). */
function overBudget(reader: Reader): MsgNode | null {
  const start = reader.offset;
  const byte = reader.u8();
  const slots = containerSlots(reader, byte);
  const length = slots < 0 ? blobLength(reader, byte) : -1;
  reader.offset = start;
  if (slots >= 0 && reader.items + slots > reader.budget.items) {
    const items = skipValue(reader);
    return tooLargeNode(reader, start, items, `more than ${reader.budget.items} items`);
  }
  if (length > reader.budget.bytes) {
    skipValue(reader);
    return tooLargeNode(reader, start, null, `longer than ${reader.budget.bytes} bytes`);
  }
  if (slots > 0) reader.items += slots;
  return null;
}

function readNode(reader: Reader, depth: number): MsgNode {
  try {
    return readValue(reader, depth);
  } catch (error) {
    if (!(error instanceof OutOfData)) throw error;
    reader.problem ??= error.message;
    return { kind: "truncated", reason: error.message };
  }
}

function readValue(reader: Reader, depth: number): MsgNode {
  if (depth > MAX_DEPTH) throw new OutOfData(`nested deeper than ${MAX_DEPTH} levels at offset ${reader.offset}`);
  const skipped = overBudget(reader);
  if (skipped) return skipped;
  const at = reader.offset;
  const byte = reader.u8();
  if (byte <= 0x7f) return { kind: "int", value: BigInt(byte) };
  if (byte >= 0xe0) return { kind: "int", value: BigInt(byte - 0x100) };
  if (byte >= 0x80 && byte <= 0x8f) return readMap(reader, byte & 0x0f, depth);
  if (byte >= 0x90 && byte <= 0x9f) return readArray(reader, byte & 0x0f, depth);
  if (byte >= 0xa0 && byte <= 0xbf) return { kind: "str", value: utf8.decode(reader.take(byte & 0x1f)) };
  switch (byte) {
    case 0xc0: return { kind: "nil" };
    case 0xc2: return { kind: "bool", value: false };
    case 0xc3: return { kind: "bool", value: true };
    case 0xc4: return { kind: "bin", value: reader.take(reader.u8()).slice() };
    case 0xc5: return { kind: "bin", value: reader.take(reader.u16()).slice() };
    case 0xc6: return { kind: "bin", value: reader.take(reader.u32()).slice() };
    case 0xc7: return readExt(reader, reader.u8());
    case 0xc8: return readExt(reader, reader.u16());
    case 0xc9: return readExt(reader, reader.u32());
    case 0xca: return { kind: "float", value: reader.float(32), bits: 32 };
    case 0xcb: return { kind: "float", value: reader.float(64), bits: 64 };
    case 0xcc: return { kind: "int", value: BigInt(reader.u8()) };
    case 0xcd: return { kind: "int", value: BigInt(reader.u16()) };
    case 0xce: return { kind: "int", value: BigInt(reader.u32()) };
    case 0xcf: return { kind: "int", value: reader.big(false) };
    case 0xd0: return { kind: "int", value: BigInt((reader.u8() << 24) >> 24) };
    case 0xd1: return { kind: "int", value: BigInt((reader.u16() << 16) >> 16) };
    case 0xd2: return { kind: "int", value: BigInt(reader.u32() | 0) };
    case 0xd3: return { kind: "int", value: reader.big(true) };
    case 0xd4: return readExt(reader, 1);
    case 0xd5: return readExt(reader, 2);
    case 0xd6: return readExt(reader, 4);
    case 0xd7: return readExt(reader, 8);
    case 0xd8: return readExt(reader, 16);
    case 0xd9: return { kind: "str", value: utf8.decode(reader.take(reader.u8())) };
    case 0xda: return { kind: "str", value: utf8.decode(reader.take(reader.u16())) };
    case 0xdb: return { kind: "str", value: utf8.decode(reader.take(reader.u32())) };
    case 0xdc: return readArray(reader, reader.u16(), depth);
    case 0xdd: return readArray(reader, reader.u32(), depth);
    case 0xde: return readMap(reader, reader.u16(), depth);
    case 0xdf: return readMap(reader, reader.u32(), depth);
    default:
      // 0xc1 is "never used": the rest of the payload cannot be trusted.
      throw new OutOfData(`byte 0x${byte.toString(16)} at offset ${at} is not MessagePack`);
  }
}

function readExt(reader: Reader, length: number): MsgNode {
  const type = (reader.u8() << 24) >> 24;
  return { kind: "ext", type, data: reader.take(length).slice() };
}

function readArray(reader: Reader, count: number, depth: number): MsgNode {
  const items: MsgNode[] = [];
  for (let index = 0; index < count; index += 1) {
    const item = readNode(reader, depth + 1);
    items.push(item);
    if (item.kind === "truncated" || reader.problem) break;
  }
  return { kind: "array", items };
}

function readMap(reader: Reader, count: number, depth: number): MsgNode {
  const entries: Array<[MsgNode, MsgNode]> = [];
  for (let index = 0; index < count; index += 1) {
    const key = readNode(reader, depth + 1);
    if (key.kind === "truncated" || reader.problem) break;
    reader.path.push(key.kind === "str" ? key.value : "?");
    const value = readNode(reader, depth + 1);
    reader.path.pop();
    entries.push([key, value]);
    if (value.kind === "truncated" || reader.problem) break;
  }
  return { kind: "map", entries };
}

/** Encode a tree with ormsgpack's canonical choices. Throws on a `truncated` node (nothing to write). */
export function encodeMsgpack(node: MsgNode): Uint8Array {
  const out: number[] = [];
  write(out, node);
  return Uint8Array.from(out);
}

function pushUint(out: number[], value: number, bytes: number): void {
  for (let shift = (bytes - 1) * 8; shift >= 0; shift -= 8) out.push(Math.floor(value / 2 ** shift) & 0xff);
}

function pushBig(out: number[], value: bigint): void {
  const unsigned = BigInt.asUintN(64, value);
  for (let shift = 56n; shift >= 0n; shift -= 8n) out.push(Number((unsigned >> shift) & 0xffn));
}

/** The smallest integer format that holds `value`, as ormsgpack chooses it. */
function writeInt(out: number[], value: bigint): void {
  const small = Number(value);
  if (value >= 0n) {
    if (value <= 0x7fn) out.push(small);
    else if (value <= 0xffn) out.push(0xcc, small);
    else if (value <= 0xffffn) pushHeaded(out, 0xcd, small, 2);
    else if (value <= 0xffffffffn) pushHeaded(out, 0xce, small, 4);
    else {
      out.push(0xcf);
      pushBig(out, value);
    }
    return;
  }
  if (value >= -32n) out.push(small & 0xff);
  else if (value >= -128n) out.push(0xd0, small & 0xff);
  else if (value >= -32768n) pushHeaded(out, 0xd1, small & 0xffff, 2);
  else if (value >= -2147483648n) pushHeaded(out, 0xd2, small >>> 0, 4);
  else {
    out.push(0xd3);
    pushBig(out, value);
  }
}

function pushHeaded(out: number[], head: number, value: number, bytes: number): void {
  out.push(head);
  pushUint(out, value, bytes);
}

/** A length header: the fix form when it fits, else the 8-, 16- or 32-bit form (arrays and maps have no 8-bit form). */
function writeLength(out: number[], length: number, fix: [number, number] | null, formats: [number | null, number, number]): void {
  if (fix && length <= fix[1]) out.push(fix[0] | length);
  else if (formats[0] !== null && length <= 0xff) out.push(formats[0], length);
  else if (length <= 0xffff) pushHeaded(out, formats[1], length, 2);
  else pushHeaded(out, formats[2], length, 4);
}

function write(out: number[], node: MsgNode): void {
  switch (node.kind) {
    case "nil": out.push(0xc0); return;
    case "bool": out.push(node.value ? 0xc3 : 0xc2); return;
    case "int": writeInt(out, node.value); return;
    case "float": {
      const bytes = new Uint8Array(node.bits / 8);
      const view = new DataView(bytes.buffer);
      if (node.bits === 32) view.setFloat32(0, node.value);
      else view.setFloat64(0, node.value);
      out.push(node.bits === 32 ? 0xca : 0xcb, ...bytes);
      return;
    }
    case "str": {
      const bytes = new TextEncoder().encode(node.value);
      writeLength(out, bytes.length, [0xa0, 31], [0xd9, 0xda, 0xdb]);
      for (const byte of bytes) out.push(byte);
      return;
    }
    case "bin":
      writeLength(out, node.value.length, null, [0xc4, 0xc5, 0xc6]);
      for (const byte of node.value) out.push(byte);
      return;
    case "array":
      writeLength(out, node.items.length, [0x90, 15], [null, 0xdc, 0xdd]);
      for (const item of node.items) write(out, item);
      return;
    case "map":
      writeLength(out, node.entries.length, [0x80, 15], [null, 0xde, 0xdf]);
      for (const [key, value] of node.entries) {
        write(out, key);
        write(out, value);
      }
      return;
    case "ext": {
      const fixed = [1, 2, 4, 8, 16].indexOf(node.data.length);
      if (fixed >= 0) out.push(0xd4 + fixed);
      else writeLength(out, node.data.length, null, [0xc7, 0xc8, 0xc9]);
      out.push(node.type & 0xff);
      for (const byte of node.data) out.push(byte);
      return;
    }
    case "truncated":
      throw new Error(`cannot encode a truncated value (${node.reason})`);
    case "too-large":
      throw new Error(`cannot encode a value that was not decoded (${node.reason})`);
  }
}
