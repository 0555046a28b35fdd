/**
 * Redaction paths to suggest when exporting a thread, from the state the user is looking at: fields whose
 * name says secret (api_key, token, password…) wherever they sit in plain objects, and the content of every
 * message of a LangChain message list (personal data lives there). Paths use bundle.ts's JSONPath subset.
 */
import { isMessageList } from "./messages.ts";

const SECRET = /(api[_-]?key|apikey|token|secret|password|passwd|authorization|credential|cookie|session[_-]?id)/i;
const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/** `$.values` + `key` as the path syntax reads it: `.api_key` or `["odd key"]`. */
export function pathStep(key: string): string {
  return IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/** Suggested paths for `values` (a checkpoint's state), secrets first, at most `limit`. */
export function suggestRedactions(values: Record<string, unknown> | null | undefined, limit = 12): string[] {
  const secrets: string[] = [];
  const messages: string[] = [];
  const walk = (node: Record<string, unknown>, path: string, depth: number) => {
    for (const [key, value] of Object.entries(node)) {
      const at = path + pathStep(key);
      if (SECRET.test(key)) secrets.push(at);
      else if (isMessageList(value)) messages.push(`${at}[*].content`);
      else if (isObject(value) && depth < 3) walk(value, at, depth + 1);
    }
  };
  if (values) walk(values, "$.values", 0);
  return [...secrets, ...messages].slice(0, limit);
}

/** The paths typed in the dialog's box: one a line, blanks and duplicates dropped. */
export function parseRedactionText(text: string): string[] {
  return [...new Set(text.split("\n").map((line) => line.trim()).filter(Boolean))];
}
