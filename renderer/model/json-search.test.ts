import { describe, expect, it } from "vitest";
import { pathKey, searchJson } from "./json-search.ts";

const state = { ticket: "Where is my invoice?", category: "question", notes: ["classified normal", "looked up the Invoice"], meta: { invoiceId: 7, lang: "en" } };

describe("searchJson", () => {
  it("finds keys and leaf values, ignoring case, and opens the way to them", () => {
    const search = searchJson(state, "INVOICE")!;
    expect([...search.matches].sort()).toEqual([pathKey(["meta", "invoiceId"]), pathKey(["notes", "1"]), pathKey(["ticket"])]);
    expect(search.open.has(pathKey(["notes"]))).toBe(true);
    expect(search.open.has(pathKey(["meta"]))).toBe(true);
    expect(search.visible(["notes"])).toBe(true);
    expect(search.visible(["notes", "0"])).toBe(false);
    expect(search.visible(["category"])).toBe(false);
  });

  it("shows everything under a matching key", () => {
    const search = searchJson(state, "meta")!;
    expect(search.visible(["meta", "lang"])).toBe(true);
    expect(search.open.has(pathKey(["meta"]))).toBe(true);
  });

  it("matches numbers and booleans as text, and stops at the limit", () => {
    expect(searchJson({ a: 7, b: true }, "tru")!.matches).toEqual(new Set(["b"]));
    const many = searchJson({ list: Array.from({ length: 50 }, () => "x") }, "x", 10)!;
    expect(many.matches.size).toBe(10);
    expect(many.truncated).toBe(true);
  });

  it("is off for an empty query, and finds nothing when nothing matches", () => {
    expect(searchJson(state, "  ")).toBeNull();
    expect(searchJson(state, "zzz")!.matches.size).toBe(0);
  });
});
