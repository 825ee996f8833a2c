// featc build SPEC: IR -> Rust kernel library + TypeScript kernel, cached by content hash.
import type { Argv } from "yargs";
import { ENGINES, EXTRACT_DEFAULTS } from "../../../runtime/batch/extractOptions.js";
import { buildKernel } from "../../build/buildKernel.js";
import { compileForCommand, specAndDataset } from "../compileSpec.js";

export function buildCommand(y: Argv) {
  return y.command(
    "build <spec>",
    "Generate and compile the spec's kernels (Rust native library and TypeScript module)",
    (a) =>
      specAndDataset(a, "dataset to build when the file has several")
        .option("engine", {
          choices: ENGINES,
          default: EXTRACT_DEFAULTS.engine,
          describe: "ts: skip the Rust kernel (no toolchain needed)",
        })
        .option("cache-dir", { type: "string", describe: "kernel cache (default $FEATC_CACHE_DIR or ./.featc)" }),
    (argv) => {
      const program = compileForCommand(argv.spec as string, argv.dataset, "batch");
      if (!program) return;
      const built = buildKernel(program, { cacheDir: argv["cache-dir"], native: argv.engine === "native" });
      process.stdout.write(
        [
          `dataset   ${program.name}`,
          `ir hash   ${built.irHash}`,
          `kernels   ${built.dir}`,
          `  ts      ${built.jsModulePath}`,
          built.nativeLibPath ? `  native  ${built.nativeLibPath}` : "",
          `${built.cached ? "cached" : "built"} in ${built.seconds.toFixed(2)} s`,
        ]
          .filter(Boolean)
          .join("\n") + "\n",
      );
    },
  );
}
