// The positionals and options of `featc preview` (./commands/preview.ts). Read at every start
// of featc to parse and print --help, so it imports nothing but yargs' types, as ./options.ts.
import type { Argv } from "yargs";
import { specAndDataset } from "./options.js";

export const previewOptions = (y: Argv) =>
  specAndDataset(y)
    .option("source", {
      type: "string",
      describe: "root of the .q logs (<root>/<SYMBOL>/<DATE>.q); default: the bundled LOBSTER GOOG 2012-06-21 sample",
    })
    .option("symbol", { type: "string", describe: "the symbol to read (default: the source's only one)" })
    .option("from", { type: "string", describe: "show rows from this ISO-8601 time on (inclusive)" })
    .option("to", { type: "string", describe: "show rows before this ISO-8601 time (exclusive)" })
    .option("rows", { type: "string", default: "10", describe: "how many of the first rows to print" })
    .option("json", { type: "boolean", default: false, describe: "one JSON document on stdout" })
    .option("cache-dir", { type: "string", describe: "kernel cache (default $FEATC_CACHE_DIR or ./.featc)" });
