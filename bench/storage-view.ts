/**
 * How long the storage view's backend takes on a big Chronograph SQLite file (write one with
 * `npm run bench:generate -- --kind chronograph ...`):
 *
 *   node --import tsx bench/storage-view.ts --file /tmp/big-chronograph.sqlite [--thread long-thread] [--keep 20] [--prune]
 *
 * Times storageReport (as the view opens; with one thread's channels; with the whole file's channels) and prunePreview ("keep the last N"
 * over every thread). With --prune it also prunes and VACUUMs a copy of the file (never the file itself).
 * Prints figures only.
 */
import { copyFileSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createDebuggerService, type DebuggerService } from "../core/debugger/service.ts";

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  console.log(`${label.padEnd(44)} ${(performance.now() - started).toFixed(0).padStart(8)} ms`);
  return result;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { file: { type: "string" }, thread: { type: "string", default: "long-thread" }, keep: { type: "string", default: "20" }, prune: { type: "boolean", default: false } } });
  if (!values.file) throw new Error("bench/storage-view: --file FILE is required");
  const config = mkdtempSync(join(tmpdir(), "chronograph-storage-bench-"));
  let file = resolve(values.file);
  if (values.prune) {
    copyFileSync(file, join(config, "copy.sqlite"));
    file = join(config, "copy.sqlite");
  }
  const service: DebuggerService = createDebuggerService({ configDir: config, pollIntervalMs: 60_000 });
  try {
    await service.openDatabase({ path: file });
    const keepLast = Number(values.keep);
    console.log(`file ${file}: ${statSync(file).size.toLocaleString("en-US")} bytes`);
    const report = await timed("storageReport (as the view opens)", () => service.storageReport({}));
    console.log(`  ${report.threadCount.toLocaleString("en-US")} threads, ${report.totalBytes.toLocaleString("en-US")} bytes of stored data`);
    await timed(`storageReport (channels of ${values.thread})`, () => service.storageReport({ threadId: values.thread }));
    const whole = await timed("storageReport (+ the whole file's channels)", () => service.storageReport({ fileChannels: true }));
    console.log(`  ${whole.channels!.length} channels`);
    const preview = await timed(`prunePreview (keep the last ${keepLast})`, () => service.prunePreview({ keepLast, listThreadId: values.thread }));
    console.log(`  would delete ${preview.removed.toLocaleString("en-US")} checkpoints of ${preview.threads.length.toLocaleString("en-US")} threads, about ${preview.bytes.toLocaleString("en-US")} bytes`);
    if (values.prune) {
      const pruned = await timed("prune (the previewed checkpoints)", () => service.prune({ keepLast, token: preview.token }));
      console.log(`  removed ${pruned.removed.toLocaleString("en-US")}`);
      const vacuumed = await timed("vacuum", () => service.vacuum({}));
      console.log(`  ${vacuumed.beforeBytes.toLocaleString("en-US")} -> ${vacuumed.afterBytes.toLocaleString("en-US")} bytes`);
    }
  } finally {
    await service.close();
    rmSync(config, { recursive: true, force: true });
  }
}

await main();
