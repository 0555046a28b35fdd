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

function randomHex(bytes: number): string {
  if (poolOffset + bytes > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const hex = pool.toString("hex", poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return hex;
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
  const random = randomHex(8);
  // The variant nibble is 10xx: the random nibble's low two bits, over 8.
  const variant = VARIANT[parseInt(random[0]!, 16)]!;
  return `${prefix}${counter.toString(16).padStart(3, "0")}-${variant}${random.slice(1, 4)}-${random.slice(4, 16)}`;
}
