// A command of the command line, declared without loading what runs it. yargs reads a
// command's name, description and options to parse and to print --help; only the command that
// runs imports its module (./commands/<name>.ts), so `featc --version` or `featc fmt` never
// loads the code generator, Arrow or parquet-wasm.
import type { ArgumentsCamelCase, Argv, CommandModule } from "yargs";

export interface CommandDeclaration<O> {
  /** yargs' command string: the name and its positionals, e.g. `check <specs..>`. */
  command: string;
  describe: string;
  /** The positionals and options. It runs for --help too, so it imports nothing heavy. */
  options: (y: Argv) => Argv<O>;
  /** Runs the command; imports its module when called, e.g. `(argv) => import("./commands/x.js").then((m) => m.runX(argv))`. */
  run: (argv: ArgumentsCamelCase<O>) => unknown;
}

/** The parsed arguments of a command whose options are built by `B`. */
export type ArgsOf<B> = B extends (y: Argv) => Argv<infer O> ? ArgumentsCamelCase<O> : never;

/**
 * `declaration` as the module yargs takes: its handler awaits `run`. The options' type is
 * checked against `run` here; a table of commands holds them as any command's.
 */
export function lazyCommand<O>(declaration: CommandDeclaration<O>): AnyCommand {
  const command: CommandModule<object, O> = {
    command: declaration.command,
    describe: declaration.describe,
    builder: declaration.options,
    handler: async (argv) => {
      await declaration.run(argv);
    },
  };
  return command as AnyCommand;
}

/** A command whatever its options: what yargs' `command` takes in a table of commands. */
export type AnyCommand = CommandModule<any, any>;
