// featc build SPEC: IR -> Rust kernel library + TypeScript kernel, cached by content hash.
import { buildKernel } from "../../build/buildKernel.js";
import type { ArgsOf } from "../command.js";
import { compileForCommand } from "../compileSpec.js";
import type { buildOptions } from "../options.js";

export function runBuild(argv: ArgsOf<typeof buildOptions>): void {
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
}
