/**
 * Checkpoint ids sort in creation order (a UUID version 7 layout: 48 bits of milliseconds, then a
 * counter that keeps ids made in the same millisecond ordered, then random bits), so "newest first" is
 * a plain sort and two processes writing one file do not collide.
 */
import { randomFillSync } from "node:crypto";

let lastMs = 0;
let counter = 0;
// One call into the OS for random bytes costs microseconds; ids are made every superstep, so draw from a pool.
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

/** Two hex digits per byte value: the random tail is built from these instead of Buffer#toString's call into C++. */
const BYTE_HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

/** The next 8 random bytes' offset in the pool, refilled from the OS when used up. */
function randomOffset(): number {
  if (poolOffset + 8 > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const offset = poolOffset;
  poolOffset += 8;
  return offset;
}

/** The id's first 15 characters ("tttttttt-tttt-7") for the millisecond `prefixMs`; ids are made every superstep, mostly within one millisecond. */
let prefix = "";
let prefixMs = -1;
const VARIANT = "89ab89ab89ab89ab";

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
  const first = pool[at]!;
  // The variant nibble is 10xx: the first random nibble's low two bits, over 8; then 60 more random bits.
  const variant = `${VARIANT[first >> 4]!}${BYTE_HEX[first]![1]!}${BYTE_HEX[pool[at + 1]!]!}`;
  const tail = `${BYTE_HEX[pool[at + 2]!]!}${BYTE_HEX[pool[at + 3]!]!}${BYTE_HEX[pool[at + 4]!]!}${BYTE_HEX[pool[at + 5]!]!}${BYTE_HEX[pool[at + 6]!]!}${BYTE_HEX[pool[at + 7]!]!}`;
  return `${prefix}${counter.toString(16).padStart(3, "0")}-${variant}-${tail}`;
}
