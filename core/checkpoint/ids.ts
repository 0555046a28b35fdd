/**
 * Checkpoint ids sort in creation order (a UUID version 7 layout: 48 bits of milliseconds, then a
 * counter that keeps ids made in the same millisecond ordered, then random bits), so "newest first" is
 * a plain sort and two processes writing one file do not collide.
 */
import { randomFillSync } from "node:crypto";

let lastMs = 0;
let counter = 0;
// One call into the OS for random bytes costs microseconds; ids are made every superstep, so draw from a pool,
// kept as hex text: 16 random hex digits per id, cut from one string instead of built digit by digit.
const pool = Buffer.alloc(4096);
let hex = "";
let hexOffset = 0;

/** The next 16 random hex digits' offset in `hex`, refilled from the OS when used up. */
function randomOffset(): number {
  if (hexOffset + 16 > hex.length) {
    randomFillSync(pool);
    hex = pool.toString("hex");
    hexOffset = 0;
  }
  const offset = hexOffset;
  hexOffset += 16;
  return offset;
}

/** The counter's three hex digits, by value (0..0xfff). */
const COUNTER_HEX = Array.from({ length: 0x1000 }, (_, value) => value.toString(16).padStart(3, "0"));

/** A random hex digit to the variant nibble 10xx: its low two bits, over 8. */
const VARIANT: Record<string, string> = Object.fromEntries([..."0123456789abcdef"].map((digit) => [digit, "89ab"[parseInt(digit, 16) & 3]!]));

/** The id's first 15 characters ("tttttttt-tttt-7") for the millisecond `prefixMs`; ids are made every superstep, mostly within one millisecond. */
let prefix = "";
let prefixMs = -1;

export function newCheckpointId(now: number = Date.now()): string {
  if (now <= lastMs) {
    counter += 1;
    if (counter > 0xfff) {
      lastMs += 1;
      counter = 0;
    }
  } else {
    lastMs = now;
    counter = 0;
  }
  if (prefixMs !== lastMs) {
    const time = lastMs.toString(16).padStart(12, "0");
    prefix = `${time.slice(0, 8)}-${time.slice(8, 12)}-7`;
    prefixMs = lastMs;
  }
  const at = randomOffset();
  // Then 62 random bits: the variant's two, three more hex digits, and twelve.
  return `${prefix}${COUNTER_HEX[counter]!}-${VARIANT[hex[at]!]!}${hex.slice(at + 1, at + 4)}-${hex.slice(at + 4, at + 16)}`;
}
