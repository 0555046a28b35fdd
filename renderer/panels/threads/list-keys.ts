/**
 * Which thread a key selects in the thread list, by the timeline's rule (store/selection-slice.ts
 * moveSelection): ↑/↓ one row, PageUp/PageDown 20, Home/End the ends; the key selects at once, Enter then
 * goes into the selection. From no selection, ↓ or ↑ takes the first row. Null for any other key. Pure.
 */
export const PAGE_ROWS = 20;

export function keyTarget(key: string, current: number, count: number): number | null {
  if (count === 0) return null;
  const last = count - 1;
  const clamp = (index: number) => Math.max(0, Math.min(last, index));
  switch (key) {
    case "ArrowDown":
      return clamp(current + 1);
    case "ArrowUp":
      return current < 0 ? 0 : clamp(current - 1);
    case "PageDown":
      return clamp(current + PAGE_ROWS);
    case "PageUp":
      return clamp(current - PAGE_ROWS);
    case "Home":
      return 0;
    case "End":
      return last;
    default:
      return null;
  }
}
