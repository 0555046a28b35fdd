/**
 * What a worker sees when the database is not there: a wrong URL, a wrong password, TLS required of a
 * server without it, and the server going away in the middle of a run. Each ends the call with one
 * coded error that names the server with its password masked, never a hang; once the server is back,
 * the next invoke reconnects and resumes without re-running finished work. The restart test runs its
 * own throwaway server, so it never disturbs the other files sharing the main one.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChronographError } from "../../core/api/errors.ts";
import { END, lastValue, append, START, StateGraph } from "../../core/index.ts";
import { maskUrl, PostgresSaver } from "../../core/storage/postgres/index.ts";
import { type Cluster, startCluster, startServer, stopServer } from "../support/postgres.ts";
import { postgresUrl } from "./server.ts";

async function openError(url: string, options = {}): Promise<ChronographError> {
  const caught = await PostgresSaver.open(url, options).then(
    async (saver) => {
      await saver.close();
      return undefined;
    },
    (error: unknown) => error,
  );
  expect(caught).toBeInstanceOf(ChronographError);
  return caught as ChronographError;
}

function withPassword(url: string, password: string): string {
  const parsed = new URL(url);
  parsed.password = password;
  return parsed.toString();
}

describe("PostgreSQL URLs and credentials", () => {
  it("masks the password, and a password given as a query parameter, wherever a URL is shown", () => {
    expect(maskUrl("postgres://alice:s3cret-pw@db.example:5432/app?sslmode=require")).toBe("postgres://alice:***@db.example:5432/app?sslmode=require");
    expect(maskUrl("postgresql://bob@h/db?password=s3cret-pw")).not.toContain("s3cret-pw");
    expect(maskUrl("not a url s3cret-pw")).not.toContain("s3cret-pw");
  });

  it("refuses a wrong password with one coded line that never shows the password tried", async () => {
    const error = await openError(withPassword(postgresUrl(), "wrong-s3cret"), { timeoutMs: 10_000 });
    expect(error.code).toBe("DATABASE_UNAVAILABLE");
    expect(error.message).toMatch(/refused the login/);
    expect(error.message).not.toContain("wrong-s3cret");
    expect(error.message).toContain("***");
    expect(error.message.split("\n")).toHaveLength(1);
  });

  it("honours sslmode=require: a server without TLS is refused with a clear error", async () => {
    const url = `${postgresUrl()}${postgresUrl().includes("?") ? "&" : "?"}sslmode=require`;
    const error = await openError(url, { timeoutMs: 10_000 });
    expect(error.code).toBe("DATABASE_UNAVAILABLE");
    expect(error.message).toMatch(/SSL/i);
    expect(error.message).not.toContain(new URL(postgresUrl()).password || "\u0000");
  });

  it("says which server could not be reached", async () => {
    const error = await openError("postgres://nobody:s3cret-pw@127.0.0.1:1/none", { timeoutMs: 10_000 });
    expect(error.code).toBe("DATABASE_UNAVAILABLE");
    expect(error.message).toContain("127.0.0.1:1");
    expect(error.message).not.toContain("s3cret-pw");
  });

  it("refuses a schema name that is not a plain identifier", async () => {
    const error = await openError(postgresUrl(), { schema: 'x"; DROP TABLE y; --' });
    expect(error.code).toBe("INVALID_ARGUMENT");
  });
});

describe("the server goes away in the middle of a run", () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster();
  }, 60_000);
  afterAll(() => cluster?.stop());

  it("ends the run with DATABASE_UNAVAILABLE, then the next invoke reconnects and resumes without re-running finished nodes", async () => {
    const saver = await PostgresSaver.open(cluster.url, { timeoutMs: 5_000 });
    const ran: string[] = [];
    let release!: () => void;
    let entered!: () => void;
    const inSecond = new Promise<void>((resolve) => (entered = resolve));
    let gate: Promise<void> | null = new Promise<void>((resolve) => (release = resolve));
    const graph = new StateGraph<{ label: string; log: string[] }>({ name: "restart", channels: { label: lastValue(""), log: append<string>() } })
      .addNode("first", async () => {
        ran.push("first");
        return { log: ["first"] };
      })
      .addNode("second", async () => {
        ran.push("second");
        entered();
        if (gate) await gate;
        return { log: ["second"] };
      })
      .addNode("third", async () => {
        ran.push("third");
        return { log: ["third"] };
      })
      .addEdge(START, "first")
      .addEdge("first", "second")
      .addEdge("second", "third")
      .addEdge("third", END)
      .compile({ checkpointer: saver });
    try {
      const run = graph.invoke({ label: "go" }, { threadId: "restart-1" }).then(
        () => undefined,
        (error: unknown) => error,
      );
      await inSecond;
      stopServer(cluster.control);
      release();
      const error = await run;
      expect(error).toBeInstanceOf(ChronographError);
      expect((error as ChronographError).code).toBe("DATABASE_UNAVAILABLE");
      expect((error as ChronographError).message).not.toContain(new URL(cluster.url).password);

      startServer(cluster.control);
      gate = null;
      const final = await graph.invoke(null, { threadId: "restart-1" });
      expect(final.log).toEqual(["first", "second", "third"]);
      // "second" ran twice (its result was lost with the connection); "first" was saved and never re-ran.
      expect(ran).toEqual(["first", "second", "second", "third"]);
    } finally {
      await saver.close();
    }
  }, 120_000);
});
