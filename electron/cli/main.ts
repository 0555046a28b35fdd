/**
 * The `chronograph` command line. Every failure is one line on stderr and a non-zero exit code, never a
 * stack trace: a mistyped argument deserves a sentence, not a dump.
 */
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { toErrorInfo } from "../../core/api/errors.ts";
import type { CommandRun } from "../../core/debugger/command-runs.ts";
import type { InspectValues } from "../../core/interop/inspect.ts";
import type { Output } from "./serve.ts";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./paths.ts";

// Each command imports what it runs when it runs: `--help` and `--version` load commander and nothing of
// the backend (zod, better-sqlite3, pg), which keeps them fast.

/** Where the CLI writes; `stdout`, when given, receives `inspect`'s output piece by piece. */
export interface CliOutput extends Output {
  stdout?: NodeJS.WritableStream;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(port) || port > 65535) throw new InvalidArgumentError("it must be a whole number from 0 to 65535.");
  return port;
}

function parseLimit(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError("it must be a whole number of at least 1.");
  return Number(value);
}

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch (error) {
    throw new InvalidArgumentError(`it must be JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
}

/** `--update` and `--input`: a JSON object of channel values. */
function parseChannelValues(value: string): Record<string, unknown> {
  const parsed = parseJson(value);
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new InvalidArgumentError('it must be a JSON object of channel values, e.g. {"topic":"x"}.');
  return parsed as Record<string, unknown>;
}

interface RunFlags {
  thread: string;
  checkpoint?: string;
  graph?: string;
  update?: Record<string, unknown>;
  input?: Record<string, unknown>;
  asNode?: string;
  resume?: unknown;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseValues(value: string): InspectValues {
  if (value !== "all" && value !== "changed" && value !== "none") throw new InvalidArgumentError("it must be all, changed or none.");
  return value;
}

interface InspectFlags {
  json?: boolean;
  thread?: string;
  limit?: number;
  values?: InspectValues;
}

/** The version in the checkout's package.json ("unknown" when it cannot be read). */
function packageVersion(): string {
  try {
    return String((JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version?: unknown }).version ?? "unknown");
  } catch {
    return "unknown";
  }
}

function program(io: CliOutput, exit: (code: number) => void): Command {
  const root = new Command()
    .name("chronograph")
    .description("Time-travel debugger for graph workflows: inspect, edit, replay and fork the runs in a checkpoint database.")
    .version(packageVersion(), "--version", "print Chronograph's version")
    .argument("[file]", "checkpoint database to open (Chronograph or LangGraph SQLite, or postgres://user:pass@host/db[?schema=NAME] holding LangGraph's PostgresSaver tables); default: the demo database")
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
        "  chronograph export runs.db --thread t1 --redact '$.values.api_key' -o t1.json",
        "                                               a thread as a portable bundle, a secret redacted",
        "  chronograph import t1.json other.db          write the bundle's thread into another database",
        "  chronograph replay runs.db --thread t1 --checkpoint CID --graph ./src/agent.ts:graph",
        "                                               re-run thread t1 from a checkpoint; prints the checkpoints written",
        "  chronograph inspect postgres://u:p@host/db --json   the same for LangGraph's PostgresSaver tables",
      ].join("\n"),
    )
    .action(async (file: string | undefined, options: { graph?: string; web?: boolean; port?: number; open: boolean }) => {
      const { startApp } = await import("./serve.ts");
      exit(await startApp(file, options, io));
    });

  root
    .command("inspect")
    .description("print the threads of a database and their checkpoints, newest first")
    .argument("<file>", "checkpoint database to read")
    .option("--json", 'print JSON: { kind, threads: [ { threadId, namespace, checkpoints: [...] } ] }')
    .option("--thread <id>", "only this thread (all its namespaces)")
    .option("--limit <n>", "at most n checkpoints per thread, newest first", parseLimit)
    .option("--values <which>", "state values to print with --json: all (default), changed (differ from the parent), none", parseValues)
    .action(async (file: string, flags: InspectFlags) => {
      const options = { threadId: flags.thread, limit: flags.limit, values: flags.values };
      const { writeInspectJson, writeInspectText } = await import("../../core/debugger/inspect.ts");
      const write = flags.json ? writeInspectJson : writeInspectText;
      if (io.stdout) {
        const { streamSink } = await import("./stream-sink.ts");
        const sink = streamSink(io.stdout);
        // A reader that stops early (`| head`) is not an error: stop reading and exit quietly.
        const closed = await sink.run((text) => write(file, options, text));
        if (!closed) io.err("(output closed by the reader; stopped early)");
        exit(0);
        return;
      }
      const pieces: string[] = [];
      await write(file, options, (text) => void pieces.push(text));
      io.out(pieces.join("").replace(/\n$/, ""));
      exit(0);
    });

  root
    .command("export")
    .description("write one thread (or the branch ending at --checkpoint) as a portable JSON bundle")
    .argument("<file>", "checkpoint database to read")
    .requiredOption("--thread <id>", "the thread to export")
    .option("--namespace <ns>", "its checkpoint namespace (LangGraph subgraphs; default: the root graph)", "")
    .option("--checkpoint <id>", "export only this checkpoint and its ancestors")
    .option("--redact <jsonpath>", 'replace matches with "[redacted]", e.g. $.values.api_key or $.values.messages[*].content (repeatable)', collect, [])
    .requiredOption("-o, --out <bundle>", "where to write the bundle")
    .action(async (file: string, flags: { thread: string; namespace: string; checkpoint?: string; redact: string[]; out: string }) => {
      const thread = { threadId: flags.thread, namespace: flags.namespace };
      const { exportBundleFile } = await import("../../core/debugger/bundle.ts");
      const bundle = await exportBundleFile(file, { thread, redact: flags.redact, ...(flags.checkpoint ? { checkpointId: flags.checkpoint } : {}) }, flags.out);
      const redacted = bundle.redacted.map((entry) => `${entry.path}: ${entry.matches}`).join(", ");
      io.out(`Exported ${bundle.checkpoints.length} checkpoint(s) of thread "${flags.thread}" to ${flags.out}${redacted ? ` (redacted ${redacted})` : ""}.`);
      exit(0);
    });

  root
    .command("import")
    .description("write a bundle's thread into a Chronograph database (created if missing); never over an existing thread")
    .argument("<bundle>", "bundle written by chronograph export")
    .argument("<into>", "Chronograph database to write to")
    .action(async (path: string, into: string) => {
      const { importBundle, readBundle } = await import("../../core/debugger/bundle.ts");
      const result = await importBundle(readBundle(path), into, `Bundle "${path}"`);
      io.out(`Imported ${result.checkpoints} checkpoint(s) of thread "${result.thread.threadId}" into ${into}.`);
      exit(0);
    });

  const runCommand = (mode: CommandRun["mode"], description: string) =>
    root
      .command(mode)
      .description(description)
      .argument("<file>", "checkpoint database (Chronograph or LangGraph.js SQLite)")
      .requiredOption("--thread <id>", "the thread to run")
      .option("--graph <module>", "module with the graph, ./module.ts[:export] (default: langgraph.json or chronograph.config.json in the working folder)");
  const runAction = (mode: CommandRun["mode"]) => async (file: string, _flags: RunFlags, command: Command) => {
    // --graph is also the root's option: read it wherever it was given.
    const flags = command.optsWithGlobals<RunFlags>();
    const { thread, checkpoint, ...rest } = flags;
    const { PythonElsewhere, runFromCommand } = await import("../../core/debugger/command-runs.ts");
    const { written, warnings } = await runFromCommand({ database: file, mode, threadId: thread, cwd: process.cwd(), ...rest, ...(checkpoint === undefined ? {} : { checkpointId: checkpoint }) }).catch((error: unknown) => {
      // A Python LangGraph file: print what to run on the user's side, then fail with the one-line reason.
      if (error instanceof PythonElsewhere) io.out(error.snippet);
      throw error;
    });
    for (const warning of warnings) io.err(`warning: ${warning}`);
    io.out(`Wrote ${written.length} checkpoint(s) to thread "${flags.thread}"${written.length > 0 ? ":" : "."}`);
    for (const id of written) io.out(id);
    exit(0);
  };
  runCommand("replay", "run a thread again from a checkpoint (default: its newest) with the graph's code")
    .option("--checkpoint <id>", "the checkpoint to replay from")
    .action(runAction("replay"));
  runCommand("fork", "edit the state at a checkpoint as a node and run on from the edit, or start again from it with new input")
    .requiredOption("--checkpoint <id>", "the checkpoint to fork from")
    .option("--update <json>", 'channel values to write, e.g. {"topic":"x"}', parseChannelValues)
    .option("--as-node <node>", "the node the edit is written as (default: the node that wrote the checkpoint)")
    .option("--input <json>", 'instead of --update: run the graph from START on a new branch from the checkpoint with this input, e.g. {"topic":"y"}', parseChannelValues)
    .action(runAction("fork"));
  runCommand("resume", "answer the thread's waiting interrupt and run on")
    .requiredOption("--resume <json>", "the value to resume with (LangGraph.js: a map of interrupt ids to values when several wait)", parseJson)
    .action(runAction("resume"));

  for (const command of [root, ...root.commands]) {
    command.exitOverride().configureOutput({
      writeOut: (text) => io.out(text.replace(/\n$/, "")),
      writeErr: (text) => io.err(text.replace(/\n$/, "")),
    });
  }
  return root;
}

/** Run the command line with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[], io: CliOutput = { out: (line) => console.log(line), err: (line) => console.error(line), stdout: process.stdout }): Promise<number> {
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
