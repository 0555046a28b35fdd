/**
 * The `chronograph` command's start-up paths as users run them (bin/chronograph.js in a child process):
 * --help lists every command, --version prints the package's version, and a reader that closes the pipe
 * early (`| head -1`) ends the command quietly with exit 0 instead of an EPIPE stack trace.
 * Speed is measured in bench/startup.ts, never here.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");
const BIN = join(ROOT, "bin", "chronograph.js");
const env = { ...process.env, NO_COLOR: "1" };

function chronograph(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `chronograph --help` piped into a shell `reader`; pipefail makes the pipeline's status chronograph's when it fails. */
function helpInto(reader: string) {
  const quote = (text: string) => `'${text.replace(/'/g, "'\\''")}'`;
  const result = spawnSync("bash", ["-c", `set -o pipefail; ${quote(process.execPath)} ${quote(BIN)} --help | ${reader}`], { encoding: "utf8", env });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("chronograph --help and --version", () => {
  it("lists every command and the root options", () => {
    const { code, stdout, stderr } = chronograph("--help");
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(stdout.split("\n")[0]).toBe("Usage: chronograph [options] [command] [file]");
    for (const command of ["inspect", "export", "import", "replay", "fork", "resume"]) expect(stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    for (const option of ["--version", "--graph <module>", "--web", "--port <n>", "--no-open", "-h, --help"]) expect(stdout).toContain(option);
    expect(stdout).toContain("Examples:");
  });

  it("prints the package's version and nothing else", () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    const { code, stdout, stderr } = chronograph("--version");
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).toBe(`${version}\n`);
  });
});

describe("a reader that closes the pipe early", () => {
  it("`--help | head -1` prints the usage line and exits 0", () => {
    const { code, stdout, stderr } = helpInto("head -1");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toBe("Usage: chronograph [options] [command] [file]\n");
  });

  it("exits 0 without a stack trace when the pipe is already closed before --help writes", () => {
    // The reader closes its end at once, so chronograph's write meets a closed pipe (EPIPE).
    const { code, stderr } = helpInto("{ exec 0<&-; true; }");
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });
});
