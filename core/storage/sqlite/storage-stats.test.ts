import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { withFile } from "./storage-stats.ts";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("withFile", () => {
  it.each([true, false])("refuses a missing file (write: %s) with FILE_NOT_FOUND naming it, and creates nothing", (write) => {
    dir = mkdtempSync(join(tmpdir(), "chronograph-with-file-"));
    const file = join(dir, "gone.db");
    expect(() => withFile(file, { write, busyTimeoutMs: 100 }, () => "ran")).toThrow(expect.objectContaining({ code: "FILE_NOT_FOUND", message: expect.stringContaining(file) }));
    expect(existsSync(file)).toBe(false);
  });
});
