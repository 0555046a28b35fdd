import { describe, expect, it } from "vitest";
import { locateJsonError } from "./json-locate.ts";

describe("json error locator", () => {
  it("accepts what JSON.parse accepts", () => {
    for (const text of ['{"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9"]}', " [] ", '"s"', "0"]) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(locateJsonError(text)).toBeNull();
    }
  });

  it("points at the first mistake", () => {
    expect(locateJsonError('{"a": [1, 2,]}')).toEqual({ offset: 12, message: "trailing comma before ']'" });
    expect(locateJsonError("{a: 1}")).toMatchObject({ offset: 1, message: expect.stringContaining("property name") });
    expect(locateJsonError('{"a": 1')).toMatchObject({ offset: 7, message: expect.stringContaining("the end of the text") });
    expect(locateJsonError('{"a": "x}')).toMatchObject({ message: "unterminated string" });
    expect(locateJsonError("{} x")).toMatchObject({ offset: 3 });
    expect(locateJsonError("{'a': 1}")).toMatchObject({ offset: 1 });
  });

  it("rejects every text JSON.parse rejects, on generated samples", () => {
    const pieces = ["{", "}", "[", "]", '"k"', ":", ",", "1", "-", "tru", "true", "null", " ", "\\", '"'];
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let n = 0; n < 3000; n += 1) {
      const text = Array.from({ length: 1 + Math.floor(random() * 8) }, () => pieces[Math.floor(random() * pieces.length)]).join("");
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      expect(locateJsonError(text) === null, text).toBe(valid);
    }
  });
});
