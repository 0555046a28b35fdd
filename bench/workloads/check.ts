/** Verification helpers: a wrong state fails the whole bench. */

export class BenchFailure extends Error {
  override name = "BenchFailure";
}

export function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new BenchFailure(message);
}

export function sameJson(actual: unknown, expected: unknown): boolean {
  return JSON.stringify(actual) === JSON.stringify(expected);
}

export function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

/** Thread ids `prefix-0000`, `prefix-0001`, ... */
export function threadIds(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(4, "0")}`);
}
