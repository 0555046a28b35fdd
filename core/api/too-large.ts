/**
 * The placeholder the backend shows in place of a stored value it did not decode, in any view of a
 * checkpoint (values, writes, pending writes). Plain JSON, so the app can recognise it by its tag.
 */
/**
 * Shown in place of a stored value that was not decoded because it is over the reading budget (bytes,
 * items or nesting depth). `bytes` is the stored size (of the value, or of the payload that holds it;
 * -1 when it was parsed before the limit was found and its size is not kept); `items` how many items were counted before
 * stopping (null when decoding never started); `reason` says which limit was passed.
 */
export interface TooLargeValue {
  $placeholder: "too-large";
  bytes: number;
  items: number | null;
  reason: string;
}

/** Whether a shown value is the too-large placeholder. */
export function isTooLarge(value: unknown): value is TooLargeValue {
  return value !== null && typeof value === "object" && (value as { $placeholder?: unknown }).$placeholder === "too-large";
}
