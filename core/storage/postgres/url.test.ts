import { describe, expect, it } from "vitest";
import { ChronographError } from "../../api/errors.ts";
import { checkSchemaName, maskUrl, postgresError } from "./url.ts";

const URL_WITH_SECRET = "postgres://worker:hunter2-secret@db.internal:5432/runs?sslmode=require";

describe("maskUrl", () => {
  it("hides the password and keeps everything a person needs to find the server", () => {
    expect(maskUrl(URL_WITH_SECRET)).toBe("postgres://worker:***@db.internal:5432/runs?sslmode=require");
    expect(maskUrl("postgresql://db.internal/runs")).toBe("postgresql://db.internal/runs");
    expect(maskUrl("postgres://u@h/db?password=hunter2-secret")).not.toContain("hunter2-secret");
  });
});

describe("postgresError", () => {
  const code = (pgCode: string, message = "boom") => postgresError(Object.assign(new Error(message), { code: pgCode }), URL_WITH_SECRET, "t1") as ChronographError;

  it("sorts pg's failures into the codes a user acts on, naming the masked server and the thread", () => {
    expect(code("28P01").code).toBe("DATABASE_UNAVAILABLE");
    expect(code("57P01").code).toBe("DATABASE_UNAVAILABLE");
    expect(code("55P03").code).toBe("DATABASE_LOCKED");
    expect(code("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5432").code).toBe("DATABASE_UNAVAILABLE");
    expect(code("XX000").code).toBe("INTERNAL");
    expect(code("55P03").message).toContain('thread "t1"');
    expect(code("28P01").subject).toEqual({ database: "postgres://worker:***@db.internal:5432/runs?sslmode=require", thread: "t1" });
  });

  it("never repeats the password, even when pg's own message quotes the URL", () => {
    const error = code("08006", `could not connect to ${URL_WITH_SECRET}`);
    expect(error.message).not.toContain("hunter2-secret");
    expect(JSON.stringify(error.toInfo())).not.toContain("hunter2-secret");
  });
});

describe("checkSchemaName", () => {
  it("accepts a plain identifier and refuses anything that could break out of quotes", () => {
    expect(() => checkSchemaName("chronograph_2")).not.toThrow();
    for (const bad of ['a"b', "Upper", "1abc", "a;drop", ""]) expect(() => checkSchemaName(bad)).toThrow(/plain lower-case/);
  });
});
