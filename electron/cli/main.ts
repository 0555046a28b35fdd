/**
 * The `chronograph` command line. Every failure is one line on stderr and a non-zero exit code, never a
 * stack trace: a mistyped argument deserves a sentence, not a dump.
 */
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { toErrorInfo } from "../../core/debugger/error-info.ts";
import { formatInspect, inspectFile } from "../../core/debugger/inspect.ts";
import { startApp, type Output } from "./serve.ts";

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(port) || port > 65535) throw new InvalidArgumentError("it must be a whole number from 0 to 65535.");
  return port;
}

function program(io: Output, exit: (code: number) => void): Command {
  const root = new Command()
    .name("chronograph")
    .description("Time-travel debugger for graph workflows: inspect, edit, replay and fork the runs in a checkpoint database.")
    .argument("[file]", "checkpoint database to open (Chronograph or LangGraph SQLite); default: the demo database")
    .option("--graph <module>", "module exporting the compiled graph, to replay, fork and resume runs (TypeScript is fine)")
    .option("--web", "serve the app to your browser instead of opening the desktop app")
    .option("--port <n>", "port for web mode (default: a free one)", parsePort)
    .option("--no-open", "print the URL without opening a browser")
    .addHelpText(
      "after",
      [
        "",
        "Without Electron's binary (or with --web) the app is served on 127.0.0.1 and its URL, with the",
        "per-launch access token, is printed on a line of its own.",
        "",
        "Examples:",
        "  chronograph                                  open the demo database",
        "  chronograph runs.db --graph ./src/graph.ts   open runs.db with its graph's code",
        "  chronograph inspect runs.db --json           print every thread and checkpoint as JSON",
      ].join("\n"),
    )
    .action(async (file: string | undefined, options: { graph?: string; web?: boolean; port?: number; open: boolean }) => {
      exit(await startApp(file, options, io));
    });

  root
    .command("inspect")
    .description("print the threads of a database and their checkpoints, newest first")
    .argument("<file>", "checkpoint database to read")
    .option("--json", 'print JSON: { kind, threads: [ { threadId, namespace, checkpoints: [...] } ] }')
    .action(async (file: string, options: { json?: boolean }) => {
      const output = await inspectFile(file);
      io.out(options.json ? JSON.stringify(output, null, 2) : formatInspect(file, output));
      exit(0);
    });

  for (const command of [root, ...root.commands]) {
    command.exitOverride().configureOutput({
      writeOut: (text) => io.out(text.replace(/\n$/, "")),
      writeErr: (text) => io.err(text.replace(/\n$/, "")),
    });
  }
  return root;
}

/** Run the command line with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[], io: Output = { out: (line) => console.log(line), err: (line) => console.error(line) }): Promise<number> {
  let code = 0;
  try {
    await program(io, (value) => (code = value)).parseAsync(argv, { from: "user" });
    return code;
  } catch (error) {
    // Commander has already printed its own one-line message (or the help).
    if (error instanceof CommanderError) return error.exitCode;
    io.err(`error: ${toErrorInfo(error).message}`);
    return 1;
  }
}
