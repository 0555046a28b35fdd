/**
 * Checkpoint ids sort in creation order (a UUID version 7 layout: 48 bits of milliseconds, then a
 * counter that keeps ids made in the same millisecond ordered, then random bits), so "newest first" is
 * a plain sort and two processes writing one file do not collide.
 */
import { randomFillSync } from "node:crypto";

let lastMs = 0;
let counter = 0;

/**
 * One call into the OS for random bytes costs microseconds, and ids are made every superstep: the random
 * parts of the next TAILS ids are made at once, as one string of their tails ("-vxxx-xxxxxxxxxxxx": the
 * variant digit 10xx, then 62 random bits in all), and each id takes its 18 characters from it.
 */
const TAILS = 512;
const TAIL_LENGTH = 18;
const random = Buffer.alloc(TAILS * 8);
const text = Buffer.alloc(TAILS * TAIL_LENGTH);
let tails = "";
let tailOffset = 0;

const HEX_CODES = Buffer.from("0123456789abcdef", "latin1");
const VARIANT_CODES = Buffer.from("89ab", "latin1");
const DASH = 0x2d;

/** Refill `tails` from 8 random bytes per id. */
function refillTails(): void {
  randomFillSync(random);
  for (let id = 0; id < TAILS; id += 1) {
    const from = id * 8;
    let at = id * TAIL_LENGTH;
    text[at++] = DASH;
    // The variant nibble is 10xx: the first byte's high nibble's low two bits, over 8; then 60 more random bits.
    text[at++] = VARIANT_CODES[(random[from]! >> 4) & 3]!;
    text[at++] = HEX_CODES[random[from]! & 15]!;
    for (let byte = 1; byte < 8; byte += 1) {
      if (byte === 2) text[at++] = DASH;
      text[at++] = HEX_CODES[random[from + byte]! >> 4]!;
      text[at++] = HEX_CODES[random[from + byte]! & 15]!;
    }
  }
  tails = text.toString("latin1");
  tailOffset = 0;
}

/** The counter's three hex digits, by value (0..0xfff). */
const COUNTER_HEX = Array.from({ length: 0x1000 }, (_, value) => value.toString(16).padStart(3, "0"));

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
  if (tailOffset === tails.length) refillTails();
  const tail = tails.slice(tailOffset, tailOffset + TAIL_LENGTH);
  tailOffset += TAIL_LENGTH;
  return prefix + COUNTER_HEX[counter]! + tail;
}
