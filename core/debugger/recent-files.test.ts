import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { RecentFiles, requirePassword } from "./recent-files.ts";

describe("recent connections", () => {
  const dir = mkdtempSync(join(tmpdir(), "chronograph-recent-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps a PostgreSQL URL with its password masked, and files as they are", () => {
    const recent = new RecentFiles(join(dir, "recent.json"));
    recent.add("/data/a.db");
    const list = recent.add("postgres://ada:s3cret@db.local:5432/app?schema=runs&sslmode=require");
    expect(list).toEqual(["postgres://ada:***@db.local:5432/app?schema=runs&sslmode=require", "/data/a.db"]);
    expect(readFileSync(join(dir, "recent.json"), "utf8")).not.toContain("s3cret");
  });

  it("asks for the password when a masked URL is reopened, and lets real or password-less URLs through", () => {
    expect(() => requirePassword("postgres://ada:***@db.local:5432/app")).toThrow(expect.objectContaining({ code: "PASSWORD_REQUIRED", message: expect.stringContaining("postgres://ada:***@db.local:5432/app") }));
    expect(() => requirePassword("postgresql://ada@db.local/app?password=***")).toThrow(expect.objectContaining({ code: "PASSWORD_REQUIRED" }));
    expect(() => requirePassword("postgres://ada:s3cret@db.local/app")).not.toThrow();
    expect(() => requirePassword("postgres://ada@db.local/app")).not.toThrow();
    expect(() => requirePassword("/data/***.db")).not.toThrow();
  });
});
