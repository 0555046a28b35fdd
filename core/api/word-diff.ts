/**
 * A word-level diff of two strings, for long LLM text (prompts, answers) whose change is a few words.
 * Tokens are runs of non-space characters and runs of spaces, so joining the parts gives back the text.
 * The longest common subsequence over tokens decides what stayed; the common head and tail are taken off
 * first. Its table is bounded (`maxCells`): past it the result is null and the caller shows a whole-value
 * replace, so a huge string never costs quadratic time or memory. Pure: no I/O.
 */

export interface WordPart {
  kind: "same" | "added" | "removed";
  text: string;
}

/** The default bound on the LCS table: about 1000 × 1000 changed tokens. */
export const MAX_WORD_DIFF_CELLS = 1_000_000;

/** Words and the spaces between them, in order: `"a  b"` → `["a", "  ", "b"]`. */
export function wordTokens(text: string): string[] {
  return text.match(/\s+|\S+/g) ?? [];
}

function push(parts: WordPart[], kind: WordPart["kind"], text: string): void {
  if (text === "") return;
  const last = parts.at(-1);
  if (last && last.kind === kind) last.text += text;
  else parts.push({ kind, text });
}

/**
 * The parts that turn `before` into `after`: same text, removed words, added words (removed before added
 * where both fall at one place). Null when the changed middle needs more than `maxCells` table cells.
 */
export function wordDiff(before: string, after: string, maxCells = MAX_WORD_DIFF_CELLS): WordPart[] | null {
  const a = wordTokens(before);
  const b = wordTokens(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail += 1;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  if ((x.length + 1) * (y.length + 1) > maxCells) return null;
  // lcs[i][j]: the LCS length of x[i..] and y[j..], in one flat table.
  const width = y.length + 1;
  const lcs = new Uint32Array((x.length + 1) * width);
  for (let i = x.length - 1; i >= 0; i -= 1) {
    for (let j = y.length - 1; j >= 0; j -= 1) {
      lcs[i * width + j] = x[i] === y[j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  const parts: WordPart[] = [];
  push(parts, "same", a.slice(0, head).join(""));
  let i = 0;
  let j = 0;
  let removed = "";
  let added = "";
  const flush = () => {
    push(parts, "removed", removed);
    push(parts, "added", added);
    removed = added = "";
  };
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      flush();
      push(parts, "same", x[i]!);
      i += 1;
      j += 1;
    } else if (j >= y.length || (i < x.length && lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!)) {
      removed += x[i]!;
      i += 1;
    } else {
      added += y[j]!;
      j += 1;
    }
  }
  flush();
  push(parts, "same", a.slice(a.length - tail).join(""));
  return parts;
}
