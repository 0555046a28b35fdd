/**
 * Python's msgpack payloads: the lossless codec against @msgpack/msgpack (an independent
 * implementation), every LangGraph extension type (codes 0-7) shown with its tag and written back to
 * identical bytes, unknown extensions and broken payloads shown as such, never a crash.
 */
import { decode, encode } from "@msgpack/msgpack";
import { describe, expect, it } from "vitest";
import { decodeMsgpack, encodeMsgpack } from "../../core/interop/serde/msgpack.ts";
import { decodePayload } from "../../core/interop/serde/payload.ts";
import { encodePython, showMsgpack } from "../../core/interop/serde/python-values.ts";
import { pack, py, RawExt } from "./python-format.ts";

const show = (bytes: Uint8Array) => showMsgpack(decodeMsgpack(bytes).node);
const rebuilt = (bytes: Uint8Array) => encodeMsgpack(encodePython(show(bytes)));

describe("the msgpack codec", () => {
  const samples: unknown[] = [
    0, 1, 127, 128, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, -1, -32, -33, -128, -129, -32768, -32769, -(2 ** 31), -(2 ** 31) - 1,
    1.5, -0.25, 1e300, "", "a", "x".repeat(31), "x".repeat(32), "x".repeat(255), "x".repeat(256), "é".repeat(40000), "🦜",
    true, false, null, new Uint8Array([0, 1, 2, 253, 254, 255]), new Uint8Array(300),
    [], Array.from({ length: 15 }, (_, i) => i), Array.from({ length: 16 }, (_, i) => i), Array.from({ length: 70000 }, () => 0),
    {}, Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`, i])), { nested: { deeper: [{ a: [1, { b: "c" }] }] } },
  ];

  it("decodes what @msgpack/msgpack encodes, and encodes it back to the same bytes", () => {
    for (const sample of samples) {
      const bytes = encode(sample);
      const decoded = decodeMsgpack(bytes);
      expect(decoded.problem).toBeUndefined();
      expect(encodeMsgpack(decoded.node)).toEqual(bytes);
      const shown = showMsgpack(decoded.node);
      if (sample instanceof Uint8Array) expect(shown).toEqual({ $bytes: Buffer.from(sample).toString("base64") });
      else expect(shown).toEqual(decode(bytes));
    }
  });

  it("keeps 64-bit integers exact and float32 as float32", () => {
    const big = encode(2n ** 63n + 5n, { useBigInt64: true });
    expect(show(big)).toEqual({ $int: (2n ** 63n + 5n).toString() });
    expect(encodeMsgpack(decodeMsgpack(big).node)).toEqual(big);
    const float32 = Uint8Array.from([0xca, 0x3f, 0xc0, 0x00, 0x00]);
    expect(show(float32)).toBe(1.5);
    expect(encodeMsgpack(decodeMsgpack(float32).node)).toEqual(float32);
    expect(show(Uint8Array.from([0xcb, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0]))).toEqual({ $float: "NaN" });
  });

  it("decodes every prefix of a payload without throwing and says it was cut short", () => {
    const bytes = pack({ messages: [py.ai("hello", "a-1")], when: py.datetime("2025-01-01T00:00:00"), n: 300 });
    for (let length = 0; length < bytes.length; length += 1) {
      const result = decodeMsgpack(bytes.subarray(0, length));
      expect(result.problem).toMatch(/truncated/);
      expect(() => showMsgpack(result.node)).not.toThrow();
    }
    const partial = decodeMsgpack(bytes.subarray(0, bytes.length - 3));
    expect(Object.keys(showMsgpack(partial.node) as object)).toContain("messages");
  });

  it("reports a byte that is not MessagePack and trailing garbage", () => {
    expect(decodeMsgpack(Uint8Array.from([0x92, 0x01, 0xc1])).problem).toMatch(/0xc1 .* not MessagePack/);
    expect(decodeMsgpack(Uint8Array.from([0x01, 0x02])).problem).toMatch(/unexpected byte/);
  });
});

describe("LangGraph's extension types", () => {
  const cases: Array<[string, unknown, unknown]> = [
    ["set", py.set([1, 2]), { $set: [1, 2] }],
    ["frozenset", py.frozenset(["a"]), { $frozenset: ["a"] }],
    ["deque", py.deque([1]), { $deque: [1] }],
    ["UUID", py.uuid("12345678123456781234567812345678"), { $uuid: "12345678-1234-5678-1234-567812345678" }],
    ["Decimal", py.decimal("12.50"), { $decimal: "12.50" }],
    ["IPv4Address", py.ip("IPv4Address", "203.0.113.7"), { $ipaddress: "203.0.113.7", $class: "ipaddress.IPv4Address" }],
    ["ZoneInfo", py.zone("Europe/Lisbon"), { $zoneinfo: "Europe/Lisbon" }],
    ["Enum member", py.enum("shop.models", "Color", "red"), { $object: "shop.models.Color", $arg: "red" }],
    ["PosixPath", py.path(["/", "tmp", "x.txt"]), { $path: ["/", "tmp", "x.txt"], $class: "pathlib.PosixPath" }],
    ["compiled regex", py.regex("^a+$", 2), { $regexp: ["^a+$", 2] }],
    ["timedelta", py.timedelta(1, 30, 5), { $timedelta: [1, 30, 5] }],
    ["date", py.date(2025, 3, 4), { $date: "2025-03-04" }],
    ["timezone (nested timedelta)", py.timezone(py.timedelta(0, 3600, 0)), { $timezone: [{ $timedelta: [0, 3600, 0] }] }],
    ["time", py.time({ hour: 10, minute: 15, second: 30, microsecond: 0, tzinfo: null, fold: 0 }), { $time: { hour: 10, minute: 15, second: 30, microsecond: 0, tzinfo: null, fold: 0 } }],
    ["datetime", py.datetime("2025-03-04T10:15:30+00:00"), { $datetime: "2025-03-04T10:15:30+00:00" }],
    ["Send", py.send("fetch", { city: "Lisbon" }), { $send: "fetch", arg: { city: "Lisbon" } }],
    ["Interrupt dataclass", py.interrupt({ ask: "ok?" }, "abc"), { $object: "langgraph.types.Interrupt", value: { ask: "ok?" }, id: "abc" }],
    ["dataclass", py.dataclass("shop.models", "Order", { id: 7, total: py.decimal("9.99") }), { $object: "shop.models.Order", id: 7, total: { $decimal: "9.99" } }],
    ["pydantic v1 model", py.pydanticV1("shop.models", "Customer", { name: "Ana" }), { $pydantic: "shop.models.Customer", $ext: 4, name: "Ana" }],
    ["pydantic v2 model", py.pydantic("shop.models", "Customer", { name: "Ana", since: py.date(2020, 1, 2) }), { $pydantic: "shop.models.Customer", name: "Ana", since: { $date: "2020-01-02" } }],
    ["HumanMessage", py.human("hi", "h1"), { $message: "human", $class: "langchain_core.messages.human.HumanMessage", content: "hi", additional_kwargs: {}, response_metadata: {}, type: "human", name: null, id: "h1" }],
    ["numpy array", py.numpy("<f8", [2], "C", new Uint8Array(16)), { $ndarray: { dtype: "<f8", shape: [2], order: "C", data: Buffer.alloc(16).toString("base64") } }],
    ["delta snapshot", py.delta(["a", "b"]), { $delta_snapshot: ["a", "b"] }],
    ["dict whose keys look like tags", { $set: [1] }, { $dict: { $set: [1] } }],
    ["bytes", new Uint8Array([1, 2, 3]), { $bytes: "AQID" }],
  ];

  for (const [name, value, shown] of cases) {
    it(`${name}: shown tagged with its type, written back to the same bytes`, () => {
      const bytes = pack({ value });
      expect(show(bytes)).toEqual({ value: shown });
      expect(rebuilt(bytes)).toEqual(bytes);
    });
  }

  it("a dict with non-string keys is shown as $map and written back the same", () => {
    const bytes = Uint8Array.from([0x82, 0x01, 0xa3, ...Buffer.from("one"), 0xc3, 0xa3, ...Buffer.from("yes")]);
    expect(show(bytes)).toEqual({ $map: [[1, "one"], [true, "yes"]] });
    expect(rebuilt(bytes)).toEqual(bytes);
  });

  it("an unknown extension code is shown as such, with its bytes, and written back unchanged", () => {
    const bytes = pack({ value: new RawExt(42, Uint8Array.from([1, 2, 3])) });
    expect(show(bytes)).toEqual({ value: { $unknown_extension: 42, bytes: 3, data: "AQID" } });
    expect(rebuilt(bytes)).toEqual(bytes);
  });

  it("a known code with data of the wrong shape is an unknown extension, not a crash", () => {
    const notArray = Uint8Array.from([0xd4, 0x00, 0x01]);
    expect(show(notArray)).toEqual({ $unknown_extension: 0, bytes: 1, data: "AQ==" });
    const truncatedData = Uint8Array.from([0xd5, 0x05, 0x93, 0xa1]);
    expect(show(truncatedData)).toMatchObject({ $unknown_extension: 5, bytes: 2 });
  });

  it("AI messages keep tool calls and every field, so they can be written back", () => {
    const bytes = pack([py.ai("", "a1", [{ name: "lookup", args: { q: 1 }, id: "c1", type: "tool_call" }])]);
    expect(show(bytes)).toEqual([{
      $message: "ai", $class: "langchain_core.messages.ai.AIMessage", content: "", additional_kwargs: {}, response_metadata: {}, type: "ai", name: null, id: "a1",
      tool_calls: [{ name: "lookup", args: { q: 1 }, id: "c1", type: "tool_call" }], invalid_tool_calls: [], usage_metadata: null,
    }]);
    expect(rebuilt(bytes)).toEqual(bytes);
  });

  it("a message typed in the compact form is written with the fields langchain-core dumps", () => {
    const typed = encodeMsgpack(encodePython({ $message: "human", content: "hello", id: "h9" }));
    expect(typed).toEqual(pack(py.human("hello", "h9")));
  });
});

describe("payload types", () => {
  it("decodes each serializer type, and names what it will not decode", () => {
    expect(decodePayload("null", new Uint8Array(), "x")).toEqual({ value: null });
    expect(decodePayload("bytes", Uint8Array.from([0, 255]), "x").value).toEqual({ $bytes: "AP8=" });
    expect(decodePayload("bytearray", Uint8Array.from([1]), "x").value).toEqual({ $bytes: "AQ==" });
    const pickle = decodePayload("pickle", Uint8Array.from([0x80, 0x04, 0x95]), "the value of channel \"x\"");
    expect(pickle.value).toEqual({ $pickle: 3 });
    expect(pickle.problem).toMatch(/channel "x" is a Python pickle \(3 bytes\); Chronograph never unpickles/);
    const encrypted = decodePayload("msgpack+aes", Uint8Array.from([1, 2, 3, 4]), "the value of channel \"x\"");
    expect(encrypted.value).toEqual({ $encrypted: "msgpack+aes", bytes: 4 });
    expect(encrypted.problem).toMatch(/encrypted \(msgpack\+aes\)/);
    const unknown = decodePayload("cbor", Uint8Array.from([0xa0]), "the value of channel \"x\"");
    expect(unknown.value).toEqual({ $unreadable: 'unknown serializer type "cbor"', type: "cbor", bytes: 1, data: "oA==" });
    expect(unknown.problem).toMatch(/serializer type "cbor", which Chronograph does not know/);
    const badJson = decodePayload("json", new TextEncoder().encode('{"a": [1, 2'), "the checkpoint");
    expect(badJson.value).toMatchObject({ $unreadable: expect.stringMatching(/not valid JSON/), type: "json", bytes: 11 });
    expect(badJson.problem).toMatch(/the checkpoint is not valid JSON/);
  });
});
