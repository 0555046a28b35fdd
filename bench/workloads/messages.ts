/** The W2 message generator, exactly as the spec writes it. */

export interface Message {
  id: string;
  role: "assistant" | "tool";
  content: string;
}

const ALPHABET = "abcdefghijklmnopqrstuvwxyz     ";

export function makeMessage(i: number): Message {
  let x = (i * 2654435761 + 12345) >>> 0;
  let content = "";
  for (let j = 0; j < 1024; j++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    content += ALPHABET[x % 31];
  }
  return { id: `m${String(i).padStart(4, "0")}`, role: i % 2 === 0 ? "assistant" : "tool", content };
}
