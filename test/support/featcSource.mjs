// The featc command line from its TypeScript sources, as bin/featc.js runs it from dist/:
// `node --import ./test/support/tsNode.mjs ./test/support/featcSource.mjs <command> ...`.
const { run } = await import("../../compiler/cli/main.js");
process.exitCode = await run(process.argv.slice(2));
