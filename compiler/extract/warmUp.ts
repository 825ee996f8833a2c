// Whether an extraction with `--from` may warm-start, and from how far back (docs/language.md
// section 4.2): the program's warm-up horizon when it is bounded; for an unbounded one (an
// `ema`, `time_since`) only the warm-up the user chose with `--warm-up`, recorded as such;
// otherwise none, and the first file is replayed from its first record.

import { formatHorizon, programHorizon } from "../ir/analysis/warmup.js";
import type { IrProgram } from "../ir/types.js";

export interface WarmUpPlan {
  /** The history to replay before `--from`: ns of exchange time and packets; absent: no warm start. */
  warmUp?: { ns: bigint; events: number };
  /** Why there is no warm start, or what an approximate one means: for the user. */
  note?: string;
}

export interface WarmUpRequest {
  /** `--from`, in ns; without it every file is replayed from its start anyway. */
  fromNs?: bigint;
  /** false: never warm-start (`--no-warm-start`). */
  warmStart?: boolean;
  /** `--warm-up`: the history to replay for columns whose horizon is unbounded. */
  warmUpNs?: bigint;
}

export function planWarmUp(program: IrProgram, request: WarmUpRequest): WarmUpPlan {
  if (request.fromNs === undefined || request.warmStart === false) return {};
  const horizon = programHorizon(program);
  if (horizon.bounded) {
    const ns = request.warmUpNs !== undefined && request.warmUpNs > horizon.ns ? request.warmUpNs : horizon.ns;
    return { warmUp: { ns, events: horizon.events } };
  }
  if (request.warmUpNs === undefined)
    return {
      note:
        `no warm start: the spec's warm-up is ${formatHorizon(horizon)}; the first file is replayed from its first ` +
        "record (give --warm-up DURATION to start from a snapshot that far back instead, approximately)",
    };
  return {
    warmUp: { ns: request.warmUpNs, events: 0 },
    note:
      `approximate warm start: the spec's warm-up is ${formatHorizon(horizon)}; rows replay ` +
      `--warm-up of history before --from, so unbounded columns differ from a full replay's by what came earlier`,
  };
}
