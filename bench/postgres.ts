/**
 * `npm run bench:postgres`: the Postgres column alone (bench/postgres-column.ts; `npm run bench` prints
 * it too). Flags as for the bench: --quick, --reps N. Ends with one `POSTGRES_JSON {...}` line.
 */
import { parseOptions } from "./options.ts";
import { runPostgresColumn } from "./postgres-column.ts";

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const column = await runPostgresColumn(options, (line) => process.stderr.write(`${line}\n`));
  const json = "results" in column ? { reps: options.reps, quick: options.quick, results: column.results } : { skipped: column.skipped };
  process.stdout.write(`${column.text}\nPOSTGRES_JSON ${JSON.stringify(json)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`BENCH ERROR: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
