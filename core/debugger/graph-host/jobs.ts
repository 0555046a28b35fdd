/**
 * The graph host's side of each job, run inside the child process: import the user's module, then
 * describe its graphs, write an edit through its updateState, or run it against the database through a
 * connection of its own. Only this file (and what it imports) ever runs user code.
 */
import { Command } from "../../graph/command.ts";
import type { StreamEvent } from "../../pregel/events.ts";
import { openEngineStore } from "./engine-store.ts";
import { DryRunSaver } from "../dry-run-saver.ts";
import { errorCodeOf, toErrorInfo } from "../../api/errors.ts";
import { bindGraph, importGraphModule, moduleError, type LoadedGraph } from "../graph-module.ts";
import type { ChildMessage, GraphCode, HostJob, HostRunEvent } from "./protocol.ts";

type Send = (message: ChildMessage) => void;

/** Run `job`, streaming run events through `send`, and end with exactly one "done" message. */
export async function runJob(job: HostJob, signal: AbortSignal, send: Send): Promise<void> {
  const progress = { last: null as string | null };
  try {
    send({ type: "done", ok: true, value: await perform(job, signal, send, progress) });
  } catch (error) {
    send({ type: "done", ok: false, error: toErrorInfo(error), uncoded: errorCodeOf(error) === null, lastCheckpointId: progress.last });
  }
}

async function perform(job: HostJob, signal: AbortSignal, send: Send, progress: { last: string | null }): Promise<unknown> {
  switch (job.kind) {
    case "load":
      return (await importGraphModule(job.path, job.exportName)).map(describeGraph);
    case "load-langgraph": {
      // Only this job needs LangGraph's interop; other jobs start without it.
      const { importLangGraphModule } = await import("../langgraph-code.ts");
      return importLangGraphModule(job.path, job.exportName);
    }
    case "run-langgraph": {
      const { runLangGraphJob } = await import("./langgraph-run.ts");
      return runLangGraphJob(job, signal, (event) => {
        if (event.type === "checkpoint") progress.last = event.checkpointId;
        send({ type: "event", event });
      });
    }
    case "update": {
      const loaded = await graphOf(job.file, job.exportName);
      const store = await openEngineStore(job.database, { readonly: job.dryRun, busyTimeoutMs: job.busyTimeoutMs });
      try {
        const target = job.dryRun ? new DryRunSaver(store) : store;
        const config = await bindGraph(loaded, target).updateState({ threadId: job.threadId, checkpointId: job.checkpointId }, job.values, { asNode: job.asNode, ...(job.goto !== undefined ? { goto: job.goto } : {}) });
        const record = target instanceof DryRunSaver ? target.written.at(-1)! : (await store.getTuple(job.threadId, config.checkpointId))!.record;
        return { checkpointId: config.checkpointId, next: [...new Set(record.tasks.map((task) => task.node))] };
      } finally {
        await store.close();
      }
    }
    case "run": {
      const loaded = await graphOf(job.file, job.exportName);
      const store = await openEngineStore(job.database, { busyTimeoutMs: job.busyTimeoutMs });
      try {
        const graph = bindGraph(loaded, store, job.breakpoints);
        // The module's own engine makes the Command when it is this copy; any copy takes a branded one.
        const input = job.resume ? (loaded.engine?.Command ?? Command)({ resume: job.resume.value }) : (job.input ?? null);
        const config = { threadId: job.threadId, checkpointId: job.resume ? undefined : job.checkpointId, signal, ...(job.runId ? { runId: job.runId } : {}) };
        for await (const event of graph.stream(input as Record<string, unknown> | null, config)) {
          if (event.type === "values" || event.type === "interrupt") progress.last = event.checkpointId;
          const mapped = toHostEvent(event);
          if (mapped) send({ type: "event", event: mapped });
        }
        return { lastCheckpointId: progress.last };
      } finally {
        await store.close();
      }
    }
  }
}

async function graphOf(file: string, exportName: string): Promise<LoadedGraph> {
  const [loaded] = await importGraphModule(file, exportName);
  if (!loaded) throw moduleError(file, `has no compiled graph exported as "${exportName}".`);
  return loaded;
}

function describeGraph(loaded: LoadedGraph): GraphCode {
  const { graph } = loaded;
  return { file: loaded.file, exportName: loaded.exportName, name: graph.name, topologyHash: graph.topologyHash, description: graph.describe() };
}

function toHostEvent(event: StreamEvent): HostRunEvent | null {
  switch (event.type) {
    case "node:start":
      return { type: "node", node: event.node, phase: "start" };
    case "node:end":
      return { type: "node", node: event.node, phase: "end", durationMs: event.durationMs };
    case "node:error":
      return { type: "node", node: event.node, phase: "error", durationMs: event.durationMs, message: event.error.message };
    case "values":
      return { type: "checkpoint", checkpointId: event.checkpointId, step: event.step };
    default:
      return null;
  }
}
