// A run whose states cannot fit in this machine's memory is refused before it allocates
// (docs/security.md, "Bounded time and memory"): a kernel allocates every state of a symbol when
// the symbol starts, and an allocation that fails natively aborts the process (exit 134) with no
// word of why. The check compares the dataset's state per symbol (the compiler's figure, the
// one `featc check` prints) times the symbols computed at once with the memory the run may use:
// the smallest of /proc/meminfo's MemAvailable, the cgroup's memory.max less its use (a
// container's limit, which meminfo does not show) and the address-space limit (`ulimit -v`).

import { readFileSync } from "node:fs";
import { freemem } from "node:os";
import { FeatcError } from "../../runtime/errors.js";
import { bytesText } from "../ir/analysis/stateLimit.js";
import { totalStateBytes } from "../ir/analysis/stateBytes.js";
import type { IrProgram } from "../ir/types.js";

/** Where the figure came from, for the message. */
export interface MemoryAvailable {
  bytes: number;
  source: string;
}

function readNumber(path: string): number | undefined {
  try {
    const text = readFileSync(path, "utf8").trim();
    return /^\d+$/.test(text) ? Number(text) : undefined;
  } catch {
    return undefined;
  }
}

/** The memory this process may still use, and what limits it. */
export function memoryAvailable(): MemoryAvailable {
  const limits: MemoryAvailable[] = [];
  try {
    const meminfo = /^MemAvailable:\s+(\d+) kB$/m.exec(readFileSync("/proc/meminfo", "utf8"));
    if (meminfo) limits.push({ bytes: Number(meminfo[1]) * 1024, source: "MemAvailable in /proc/meminfo" });
  } catch {
    // Not Linux.
  }
  if (limits.length === 0) limits.push({ bytes: freemem(), source: "the free memory the system reports" });
  const max = readNumber("/sys/fs/cgroup/memory.max");
  const current = readNumber("/sys/fs/cgroup/memory.current");
  if (max !== undefined && current !== undefined)
    limits.push({ bytes: Math.max(0, max - current), source: "the cgroup's memory.max less its memory.current" });
  try {
    const line = /^Max address space\s+(\d+)\s/m.exec(readFileSync("/proc/self/limits", "utf8"));
    if (line) limits.push({ bytes: Number(line[1]), source: "the address-space limit (ulimit -v)" });
  } catch {
    // Not Linux.
  }
  return limits.reduce((a, b) => (b.bytes < a.bytes ? b : a));
}

/** The share of the available memory states may take: rows, batches and the book need the rest. */
const STATE_SHARE = 0.8;

/**
 * Throws `OUT_OF_MEMORY` when `concurrent` symbols of `program` at once would need more state
 * than `available` allows.
 */
export function checkRunMemory(program: IrProgram, concurrent: number, available = memoryAvailable()): void {
  const perSymbol = totalStateBytes(program);
  if (perSymbol === undefined || concurrent < 1) return;
  const needed = perSymbol * concurrent;
  if (needed <= available.bytes * STATE_SHARE) return;
  const at = concurrent === 1 ? "" : ` and this run computes ${concurrent} symbols at once: ${bytesText(needed)}`;
  throw new FeatcError(
    "OUT_OF_MEMORY",
    `dataset \`${program.name}\` keeps ${bytesText(perSymbol)} of state per symbol${at}, ` +
      `more than ${Math.round(STATE_SHARE * 100)}% of the ${bytesText(available.bytes)} this run may use ` +
      `(${available.source}); nothing was written. ` +
      (concurrent > 1 ? "Run fewer symbols at once (--threads 1), or shorten " : "Shorten ") +
      "the spec's windows (`featc explain` gives each column's state)",
  );
}
