/**
 * What answer an interrupt expects, when its payload says so: a payload object's `example` or `expected`
 * field (the answer itself, or its shape), or `options` (the answers to choose from). Pure; the Resume tab
 * shows the result and offers to copy it into the (otherwise empty) form.
 */

export interface ResumeExample {
  /** The payload field it came from. */
  field: "example" | "expected" | "options";
  /** Ready-to-send JSON answers, one per option (one for example/expected). */
  answers: string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** The example answers the payload declares, or null when it declares none. */
export function resumeExample(payload: unknown): ResumeExample | null {
  if (!isRecord(payload)) return null;
  for (const field of ["example", "expected"] as const) {
    if (payload[field] !== undefined) return { field, answers: [JSON.stringify(payload[field], null, 2)] };
  }
  const options = payload.options;
  if (Array.isArray(options) && options.length > 0) return { field: "options", answers: options.map((option) => JSON.stringify(option)) };
  return null;
}
