/**
 * Finds where a JSON text first goes wrong. JSON.parse's messages do not always say where (V8 often
 * quotes the text instead of giving an offset), and the editor must underline the exact spot.
 * A small recursive-descent scanner: it only checks, it builds nothing.
 */

export interface JsonProblem {
  offset: number;
  message: string;
}

class Stop extends Error {
  constructor(readonly offset: number, message: string) {
    super(message);
  }
}

export function locateJsonError(text: string): JsonProblem | null {
  let i = 0;
  const fail = (message: string): never => {
    throw new Stop(i, message);
  };
  const describe = () => (i >= text.length ? "the end of the text" : `'${text[i]}'`);
  const space = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i += 1;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`unexpected ${describe()}`);
  };
  const string = () => {
    i += 1;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i += 1;
        return;
      }
      if (c < 32) fail("control character in a string (use \\n, \\t...)");
      if (c === 92) {
        const escape = text[i + 1];
        if (escape === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) i += 2;
        else fail("bad escape in a string");
      } else i += 1;
    }
    fail("unterminated string");
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match || match[0] === "-") fail(`unexpected ${describe()}`);
    i += match![0].length;
  };
  const value = (depth: number): void => {
    if (depth > 512) fail("nested too deeply");
    space();
    const c = text[i];
    if (c === "{") {
      i += 1;
      space();
      if (text[i] === "}") {
        i += 1;
        return;
      }
      for (;;) {
        space();
        if (text[i] !== '"') fail(text[i] === "}" ? "trailing comma before '}'" : `expected a property name in double quotes, found ${describe()}`);
        string();
        space();
        if (text[i] !== ":") fail(`expected ':' after the property name, found ${describe()}`);
        i += 1;
        value(depth + 1);
        space();
        if (text[i] === ",") {
          i += 1;
          continue;
        }
        if (text[i] === "}") {
          i += 1;
          return;
        }
        fail(`expected ',' or '}', found ${describe()}`);
      }
    }
    if (c === "[") {
      i += 1;
      space();
      if (text[i] === "]") {
        i += 1;
        return;
      }
      for (;;) {
        space();
        if (text[i] === "]") fail("trailing comma before ']'");
        value(depth + 1);
        space();
        if (text[i] === ",") {
          i += 1;
          continue;
        }
        if (text[i] === "]") {
          i += 1;
          return;
        }
        fail(`expected ',' or ']', found ${describe()}`);
      }
    }
    if (c === '"') return string();
    if (c === "t") return literal("true");
    if (c === "f") return literal("false");
    if (c === "n") return literal("null");
    return number();
  };
  try {
    value(0);
    space();
    if (i < text.length) fail(`unexpected ${describe()} after the value`);
    return null;
  } catch (error) {
    if (error instanceof Stop) return { offset: error.offset, message: error.message };
    throw error;
  }
}
