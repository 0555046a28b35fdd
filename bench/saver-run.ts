/** `npm run bench:saver`: the ChronographSaver column alone (see saver-column.ts). */
import { parseOptions } from "./options.ts";
import { runSaverColumn } from "./saver-column.ts";
import { removeTempFiles } from "./temp-files.ts";

const options = parseOptions(process.argv.slice(2));
runSaverColumn(options, (line) => process.stderr.write(`${line}\n`))
  .then(({ text, results, targets }) => {
    process.stdout.write(`${text}\nSAVER_JSON ${JSON.stringify({ reps: options.reps, quick: options.quick, results, targets })}\n`);
    removeTempFiles();
  })
  .catch((error: unknown) => {
    removeTempFiles();
    process.stderr.write(`BENCH ERROR: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
