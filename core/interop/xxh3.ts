/**
 * XXH3-128 (seed 0, default secret), as Python LangGraph uses for task ids (format v2+) and both
 * runtimes use for interrupt ids. Written from the xxHash specification; BigInt arithmetic is slow but
 * our inputs are a few hundred bytes at most. `xxh3Hex` returns the canonical 32 hex digits (high
 * 64 bits first), the form Python's `xxh3_128_hexdigest` and LangGraph.js print.
 */

const M64 = (1n << 64n) - 1n;
const P32_1 = 0x9e3779b1n;
const P32_2 = 0x85ebca77n;
const P32_3 = 0xc2b2ae3dn;
const P64_1 = 0x9e3779b185ebca87n;
const P64_2 = 0xc2b2ae3d27d4eb4fn;
const P64_3 = 0x165667b19e3779f9n;
const P64_4 = 0x85ebca77c2b2ae63n;
const P64_5 = 0x27d4eb2f165667c5n;
const PMX_1 = 0x165667919e3779f9n;
const PMX_2 = 0x9fb21c651e98df25n;

/** The 192-byte default secret of the specification. */
const SECRET = Uint8Array.from(
  "b8fe6c3923a44bbe7c01812cf721ad1cded46de9839097db7240a4a4b7b3671fcb79e64eccc0e578825ad07dccff7221b8084674f743248ee03590e6813a264c3c2852bb91c300cb88d0658b1b532ea371644897a20df94e3819ef46a9deacd8a8fa763fe39c343ff9dcbbc7c70b4f1d8a51e04bcdb45931c89f7ec9d9787364eac5ac8334d3ebc3c581a0fffa1363eb170ddd51b7f0da49d316552629d4689e2b16be587d47a1fc8ff8b8d17ad031ce45cb3a8f95160428afd7fbcabb4b407e"
    .match(/../g)!
    .map((hex) => parseInt(hex, 16)),
);

const r64 = (b: Uint8Array, at: number): bigint => {
  let value = 0n;
  for (let i = 7; i >= 0; i -= 1) value = (value << 8n) | BigInt(b[at + i]!);
  return value;
};
const r32 = (b: Uint8Array, at: number): bigint => BigInt((b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0);
const mul = (a: bigint, b: bigint) => (a * b) & M64;
const add = (a: bigint, b: bigint) => (a + b) & M64;
const sub = (a: bigint, b: bigint) => (a - b) & M64;
const xorshift = (v: bigint, shift: bigint) => v ^ (v >> shift);
const swap32 = (v: bigint) => ((v & 0xffn) << 24n) | ((v & 0xff00n) << 8n) | ((v >> 8n) & 0xff00n) | ((v >> 24n) & 0xffn);
const swap64 = (v: bigint) => {
  let out = 0n;
  for (let i = 0n; i < 8n; i += 1n) out = (out << 8n) | ((v >> (i * 8n)) & 0xffn);
  return out;
};
const rotl32 = (v: bigint, r: bigint) => ((v << r) | (v >> (32n - r))) & 0xffffffffn;
const mul128 = (a: bigint, b: bigint): [bigint, bigint] => {
  const product = a * b;
  return [product & M64, (product >> 64n) & M64];
};
const fold64 = (a: bigint, b: bigint) => {
  const [low, high] = mul128(a, b);
  return low ^ high;
};

function avalanche64(h: bigint): bigint {
  h = mul(xorshift(h, 33n), P64_2);
  h = mul(xorshift(h, 29n), P64_3);
  return xorshift(h, 32n);
}

function avalanche3(h: bigint): bigint {
  return xorshift(mul(xorshift(h, 37n), PMX_1), 32n);
}

function mix16(data: Uint8Array, at: number, secretAt: number): bigint {
  return fold64(r64(data, at) ^ r64(SECRET, secretAt), r64(data, at + 8) ^ r64(SECRET, secretAt + 8));
}

function mix32(acc: [bigint, bigint], data: Uint8Array, first: number, second: number, secretAt: number): [bigint, bigint] {
  let [low, high] = acc;
  low = add(low, mix16(data, first, secretAt));
  low ^= add(r64(data, second), r64(data, second + 8));
  high = add(high, mix16(data, second, secretAt + 16));
  high ^= add(r64(data, first), r64(data, first + 8));
  return [low, high];
}

function upTo16(data: Uint8Array): [bigint, bigint] {
  const len = data.length;
  if (len > 8) {
    const flipLow = r64(SECRET, 32) ^ r64(SECRET, 40);
    const flipHigh = r64(SECRET, 48) ^ r64(SECRET, 56);
    const inLow = r64(data, 0);
    let inHigh = r64(data, len - 8);
    let [low, high] = mul128(inLow ^ inHigh ^ flipLow, P64_1);
    low = add(low, BigInt(len - 1) << 54n);
    inHigh ^= flipHigh;
    high = add(high, add(inHigh, mul(inHigh & 0xffffffffn, P32_2 - 1n)));
    low ^= swap64(high);
    const [hLow, hHighPart] = mul128(low, P64_2);
    const hHigh = add(hHighPart, mul(high, P64_2));
    return [avalanche3(hLow), avalanche3(hHigh)];
  }
  if (len >= 4) {
    const inLow = r32(data, 0);
    const inHigh = r32(data, len - 4);
    const input = add(inLow, inHigh << 32n);
    const keyed = input ^ (r64(SECRET, 16) ^ r64(SECRET, 24));
    let [low, high] = mul128(keyed, add(P64_1, BigInt(len) << 2n));
    high = add(high, (low << 1n) & M64);
    low ^= high >> 3n;
    low = xorshift(low, 35n);
    low = mul(low, PMX_2);
    low = xorshift(low, 28n);
    return [low, avalanche3(high)];
  }
  if (len > 0) {
    const combinedLow = (BigInt(data[0]!) << 16n) | (BigInt(data[len >> 1]!) << 24n) | BigInt(data[len - 1]!) | (BigInt(len) << 8n);
    const combinedHigh = rotl32(swap32(combinedLow), 13n);
    const flipLow = r32(SECRET, 0) ^ r32(SECRET, 4);
    const flipHigh = r32(SECRET, 8) ^ r32(SECRET, 12);
    return [avalanche64(combinedLow ^ flipLow), avalanche64(combinedHigh ^ flipHigh)];
  }
  return [avalanche64(r64(SECRET, 64) ^ r64(SECRET, 72)), avalanche64(r64(SECRET, 80) ^ r64(SECRET, 88))];
}

function finish(acc: [bigint, bigint], len: number): [bigint, bigint] {
  const [low, high] = acc;
  const hLow = add(low, high);
  const hHigh = add(add(mul(low, P64_1), mul(high, P64_4)), mul(BigInt(len), P64_2));
  return [avalanche3(hLow), sub(0n, avalanche3(hHigh))];
}

function upTo128(data: Uint8Array): [bigint, bigint] {
  const len = data.length;
  let acc: [bigint, bigint] = [mul(BigInt(len), P64_1), 0n];
  if (len > 32) {
    if (len > 64) {
      if (len > 96) acc = mix32(acc, data, 48, len - 64, 96);
      acc = mix32(acc, data, 32, len - 48, 64);
    }
    acc = mix32(acc, data, 16, len - 32, 32);
  }
  acc = mix32(acc, data, 0, len - 16, 0);
  return finish(acc, len);
}

function upTo240(data: Uint8Array): [bigint, bigint] {
  const len = data.length;
  const rounds = Math.floor(len / 32);
  let acc: [bigint, bigint] = [mul(BigInt(len), P64_1), 0n];
  for (let i = 0; i < 4; i += 1) acc = mix32(acc, data, 32 * i, 32 * i + 16, 32 * i);
  acc = [avalanche3(acc[0]), avalanche3(acc[1])];
  for (let i = 4; i < rounds; i += 1) acc = mix32(acc, data, 32 * i, 32 * i + 16, 3 + 32 * (i - 4));
  acc = mix32(acc, data, len - 16, len - 32, 136 - 17 - 16);
  return finish(acc, len);
}

function accumulate512(acc: bigint[], data: Uint8Array, at: number, secretAt: number): void {
  for (let i = 0; i < 8; i += 1) {
    const value = r64(data, at + 8 * i);
    const keyed = value ^ r64(SECRET, secretAt + 8 * i);
    acc[i ^ 1] = add(acc[i ^ 1]!, value);
    acc[i] = add(acc[i]!, (keyed & 0xffffffffn) * (keyed >> 32n));
  }
}

function scramble(acc: bigint[]): void {
  for (let i = 0; i < 8; i += 1) acc[i] = mul(xorshift(acc[i]!, 47n) ^ r64(SECRET, SECRET.length - 64 + 8 * i), P32_1);
}

function mergeAccs(acc: bigint[], secretAt: number, start: bigint): bigint {
  let result = start;
  for (let i = 0; i < 4; i += 1) result = add(result, fold64(acc[2 * i]! ^ r64(SECRET, secretAt + 16 * i), acc[2 * i + 1]! ^ r64(SECRET, secretAt + 16 * i + 8)));
  return avalanche3(result);
}

function long(data: Uint8Array): [bigint, bigint] {
  const len = data.length;
  const acc = [P32_3, P64_1, P64_2, P64_3, P64_4, P32_2, P64_5, P32_1];
  const stripesPerBlock = (SECRET.length - 64) / 8;
  const blockLength = 64 * stripesPerBlock;
  const blocks = Math.floor((len - 1) / blockLength);
  for (let n = 0; n < blocks; n += 1) {
    for (let s = 0; s < stripesPerBlock; s += 1) accumulate512(acc, data, n * blockLength + s * 64, s * 8);
    scramble(acc);
  }
  const stripes = Math.floor((len - 1 - blockLength * blocks) / 64);
  for (let s = 0; s < stripes; s += 1) accumulate512(acc, data, blocks * blockLength + s * 64, s * 8);
  accumulate512(acc, data, len - 64, SECRET.length - 64 - 7);
  const low = mergeAccs(acc, 11, mul(BigInt(len), P64_1));
  const high = mergeAccs(acc, SECRET.length - 64 - 11, ~mul(BigInt(len), P64_2) & M64);
  return [low, high];
}

/** XXH3-128 of `input` (UTF-8 for strings) as 32 lowercase hex digits, high half first. */
export function xxh3Hex(input: Uint8Array | string): string {
  const data = typeof input === "string" ? new TextEncoder().encode(input) : input;
  const [low, high] = data.length <= 16 ? upTo16(data) : data.length <= 128 ? upTo128(data) : data.length <= 240 ? upTo240(data) : long(data);
  return high.toString(16).padStart(16, "0") + low.toString(16).padStart(16, "0");
}
