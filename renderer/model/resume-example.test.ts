import { describe, expect, it } from "vitest";
import { resumeExample } from "./resume-example.ts";

describe("resumeExample", () => {
  it("reads the answer a payload gives as its example, as JSON to send", () => {
    expect(resumeExample({ question: "Refund?", example: { approved: true, note: "ok" } })).toEqual({ field: "example", answers: ['{\n  "approved": true,\n  "note": "ok"\n}'] });
  });

  it("reads `expected` when there is no `example`", () => {
    expect(resumeExample({ expected: "yes" })).toEqual({ field: "expected", answers: ['"yes"'] });
  });

  it("offers each option as an answer", () => {
    expect(resumeExample({ options: ["approve", "decline", 3] })).toEqual({ field: "options", answers: ['"approve"', '"decline"', "3"] });
  });

  it("declares nothing for plain payloads, empty options, strings and lists", () => {
    expect(resumeExample({ question: "Approve a refund for this ticket?", ticket: "T-1" })).toBeNull();
    expect(resumeExample({ options: [] })).toBeNull();
    expect(resumeExample("name?")).toBeNull();
    expect(resumeExample(["example"])).toBeNull();
    expect(resumeExample(null)).toBeNull();
  });

  it("keeps a falsy example (false is an answer)", () => {
    expect(resumeExample({ example: false })).toEqual({ field: "example", answers: ["false"] });
  });
});
