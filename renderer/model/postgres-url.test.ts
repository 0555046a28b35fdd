import { describe, expect, it } from "vitest";
import { composeUrl, EMPTY_PG_FIELDS, fieldsFromUrl, maskPassword, recentName } from "./postgres-url.ts";

const filled = { ...EMPTY_PG_FIELDS, host: "db.local", database: "app", user: "ada", password: "p@ss:w/rd", schema: "runs" };

describe("the Connect to PostgreSQL fields", () => {
  it("compose a URL the password survives in, and show it masked", () => {
    const result = composeUrl(filled);
    if (!("url" in result)) throw new Error(result.problem);
    const parsed = new URL(result.url);
    expect(decodeURIComponent(parsed.password)).toBe("p@ss:w/rd");
    expect(parsed.searchParams.get("schema")).toBe("runs");
    expect(result.shown).toBe("postgres://ada:***@db.local/app?schema=runs");
    expect(result.shown).not.toContain("p@ss");
  });

  it("refuse fields that cannot make a URL, naming the field", () => {
    expect(composeUrl({ ...filled, host: "" })).toEqual({ problem: expect.stringMatching(/^Host: /) });
    expect(composeUrl({ ...filled, port: "70000" })).toEqual({ problem: expect.stringMatching(/^Port: "70000"/) });
    expect(composeUrl({ ...filled, database: " " })).toEqual({ problem: expect.stringMatching(/^Database: /) });
    expect(composeUrl({ ...filled, user: "" })).toEqual({ problem: expect.stringMatching(/^User: /) });
    expect(composeUrl({ ...filled, schema: "Runs; drop" })).toEqual({ problem: expect.stringMatching(/^Schema: /) });
    expect(composeUrl({ ...filled, password: "***" })).toEqual({ problem: expect.stringMatching(/^Password: /) });
  });

  it("fill from a recent masked URL with the password empty, keeping sslmode", () => {
    const fields = fieldsFromUrl("postgres://ada:***@db.local:6543/app?schema=runs&sslmode=require&password=***");
    expect(fields).toEqual({ host: "db.local", port: "6543", database: "app", user: "ada", password: "", schema: "runs", options: "sslmode=require" });
    const again = composeUrl({ ...fields, password: "pw" });
    expect(again).toMatchObject({ shown: "postgres://ada:***@db.local:6543/app?sslmode=require&schema=runs" });
  });

  it("mask a password wherever it is, and leave file paths alone", () => {
    expect(maskPassword("postgresql://u:secret@h/db?password=secret")).toBe("postgresql://u:***@h/db?password=***");
    expect(maskPassword("postgres://u:secret@h:notaport/db")).not.toContain("secret");
    expect(maskPassword("/tmp/a.db")).toBe("/tmp/a.db");
  });

  it("name a recent connection by database, schema and host, and a file by its name", () => {
    expect(recentName("postgres://ada:***@db.local/app?schema=runs", () => "x")).toBe("app · runs @ db.local");
    expect(recentName("/tmp/a.db", () => "a.db")).toBe("a.db");
  });
});
