/**
 * A checkpoint's writes (the nodes' updates, often a whole message) deflated when that saves space.
 * PostgreSQL compresses a value only in rows over about 2 KB, and with an LZ coder alone, which finds
 * little to reuse in one message; so a 1 KB update stayed whole in every row. Deflate's entropy coding
 * saves a third even there. Small writes stay plain text (the `writes` column), large ones go to
 * `writes_z` as bytes. Reads select `WRITES_COLUMN`, which hands back either the JSON text or "z" and the
 * bytes in base64 (JSON never starts with "z"); `writesText` turns both into the JSON text.
 */
import { deflateRawSync, inflateRawSync } from "node:zlib";

/** Writes shorter than this are stored as text: deflate would save a few bytes at best. */
const MIN_BYTES = 256;

/** The stored writes of a checkpoint table aliased `alias`, as `writesText` reads them; `compressed` false for a version-1 schema (no `writes_z`). */
export function writesColumn(alias: string, compressed = true): string {
  return compressed ? `coalesce(${alias}.writes, 'z' || encode(${alias}.writes_z, 'base64'))` : `${alias}.writes`;
}

/** The columns to store for the writes' JSON text: the text itself, or its deflated bytes when they are at least a tenth smaller. */
export function packWrites(json: string | null): { text: string | null; deflated: Buffer | null } {
  if (json === null || json.length < MIN_BYTES) return { text: json, deflated: null };
  const deflated = deflateRawSync(json);
  return deflated.length * 10 <= Buffer.byteLength(json) * 9 ? { text: null, deflated } : { text: json, deflated: null };
}

/** The writes' JSON text from what `writesColumn` selected. */
export function writesText(column: string | null): string | null {
  if (column === null || !column.startsWith("z")) return column;
  return inflateRawSync(Buffer.from(column.slice(1), "base64")).toString("utf8");
}
