import { describe, expect, it } from "vitest";
import { parseRedactionText, suggestRedactions } from "./redact-suggestions.ts";

describe("suggestRedactions", () => {
  it("suggests secret-looking fields, nested ones too, and the content of message lists", () => {
    const values = {
      api_key: "sk-123",
      config: { auth: { "Access Token": "x" }, model: "gpt" },
      messages: [{ $message: "human", id: "h1", content: "my card is 4111" }],
      notes: ["a"],
    };
    expect(suggestRedactions(values)).toEqual(["$.values.api_key", '$.values.config.auth["Access Token"]', "$.values.messages[*].content"]);
  });

  it("suggests nothing for a state with no secrets or messages", () => {
    expect(suggestRedactions({ count: 1, notes: ["x"] })).toEqual([]);
    expect(suggestRedactions(null)).toEqual([]);
  });

  it("reads one path a line, dropping blanks and repeats", () => {
    expect(parseRedactionText(" $.values.a \n\n$.values.b\n$.values.a\n")).toEqual(["$.values.a", "$.values.b"]);
  });
});
