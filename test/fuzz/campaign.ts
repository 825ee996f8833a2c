// What a fuzzing target gives the campaign runner (./run.ts): cases drawn from named
// generators and a check per case. Each target is a module of ./targets/ exporting one
// `Target`; `npm run fuzz -- --target NAME` runs it, `--target all` (the default) runs them all.

/** The outcome of one case. */
export interface CaseResult {
  /** Why the case failed (an exception, a panic, a hang, a partial output, a difference); undefined when it passed. */
  failure?: string;
  seconds: number;
}

/** One generator of a target: draws `count` inputs from `seed` and checks each. */
export interface Generator {
  name: string;
  /**
   * Runs `count` cases from `seed` and calls `done` after each one with its outcome and the input
   * that produced it (as the text or bytes written to a regression file when it fails).
   */
  run(count: number, seed: number, done: (result: CaseResult, input: string | Uint8Array) => void): Promise<void>;
}

export interface Target {
  /** As `--target` names it. */
  name: string;
  /** What a case exercises, for the report's heading. */
  title: string;
  generators: Generator[];
  /** Where a failing input is kept (a folder its regression test replays), and its file extension. */
  regressions: { folder: string; extension: string };
}
