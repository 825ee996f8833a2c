// Checks a dataset's `trigger` line (docs/language.md section 8).

import type { DatasetDecl, TriggerCondition } from "../../grammar/syntax.js";
import { durationValue, MAX_SAFE_I64 } from "./literals.js";
import type { Reporter } from "./reporter.js";
import { didYouMean } from "./suggest.js";
import type { TypedTrigger } from "./typed.js";

const conditionWords = ["event", "trade", "every", "book_change"];

/** The most levels `book_change(n)` may compare: the drivers keep a snapshot of n levels a side. */
export const MAX_BOOK_CHANGE_LEVELS = 1000n;

export function checkTrigger(dataset: DatasetDecl, reporter: Reporter): TypedTrigger | undefined {
  const [trigger, ...extra] = dataset.triggers;
  if (!trigger) {
    reporter.report({
      code: "E0021",
      message: `dataset \`${dataset.name}\` has no trigger`,
      primary: { span: dataset.nameSpan, label: "says when to emit a row" },
      hint: "add a line such as `trigger trade or every 1s`",
    });
    return undefined;
  }
  for (const again of extra) {
    reporter.report({
      code: "E0021",
      message: `dataset \`${dataset.name}\` has more than one trigger`,
      primary: { span: again.span, label: "second trigger" },
      secondary: [{ span: trigger.span, label: "first trigger" }],
      hint: "combine the conditions on one line with `or`",
    });
  }
  const result: TypedTrigger = {
    everyEvent: false,
    trade: false,
    everyEvents: 0,
    barNs: 0n,
    bookChange: 0,
    everyVolume: 0,
  };
  let ok = extra.length === 0;
  let periodAt: TriggerCondition | undefined;
  let countAt: TriggerCondition | undefined;
  let bookChangeAt: TriggerCondition | undefined;
  let volumeAt: TriggerCondition | undefined;
  for (const condition of trigger.conditions) {
    switch (condition.kind) {
      case "event":
        result.everyEvent = true;
        break;
      case "trade":
        result.trade = true;
        break;
      case "unknown":
        reporter.report({
          code: "E0019",
          message: `unknown trigger condition \`${condition.name}\``,
          primary: { span: condition.span, label: "not a trigger condition" },
          notes: [
            "a trigger is `event`, `trade`, `book_change(n)`, `every N events`, `every V volume` or `every <duration>`, joined with `or`",
          ],
          hint: didYouMean(condition.name, conditionWords),
        });
        ok = false;
        break;
      case "everyEvents": {
        if (countAt) {
          reportConflict(condition, countAt, "event count", reporter);
          ok = false;
          break;
        }
        countAt = condition;
        const count = BigInt(condition.countText);
        if (count < 1n || count > MAX_SAFE_I64) {
          reporter.report({
            code: "E0020",
            message: `\`every ${condition.countText} events\` needs a count of at least 1`,
            primary: { span: condition.countSpan, label: `this is ${condition.countText}` },
          });
          ok = false;
          break;
        }
        result.everyEvents = Number(count);
        break;
      }
      case "bookChange": {
        if (bookChangeAt) {
          reportConflict(condition, bookChangeAt, "`book_change`", reporter);
          ok = false;
          break;
        }
        bookChangeAt = condition;
        const levels = BigInt(condition.levelsText);
        if (levels < 1n || levels > MAX_BOOK_CHANGE_LEVELS) {
          reporter.report({
            code: "E0020",
            message: `\`book_change(${condition.levelsText})\` needs between 1 and ${MAX_BOOK_CHANGE_LEVELS} levels`,
            primary: { span: condition.levelsSpan, label: `this is ${condition.levelsText}` },
            notes: ["`book_change(n)` compares the best n levels of each side (docs/language.md section 8)"],
          });
          ok = false;
          break;
        }
        result.bookChange = Number(levels);
        break;
      }
      case "everyVolume": {
        if (condition.unit !== "volume") {
          reporter.report({
            code: "E0019",
            message: `unknown trigger condition \`every ${condition.volumeText} ${condition.unit}\``,
            primary: { span: condition.unitSpan, label: "expected `events` or `volume`" },
            hint: didYouMean(condition.unit, ["events", "volume"]),
          });
          ok = false;
          break;
        }
        if (volumeAt) {
          reportConflict(condition, volumeAt, "traded volume", reporter);
          ok = false;
          break;
        }
        volumeAt = condition;
        const volume = Number(condition.volumeText);
        if (!(volume > 0) || !Number.isFinite(volume)) {
          reporter.report({
            code: "E0020",
            message: `\`every ${condition.volumeText} volume\` needs a traded size above 0`,
            primary: { span: condition.volumeSpan, label: `this is ${condition.volumeText}` },
          });
          ok = false;
          break;
        }
        result.everyVolume = volume;
        break;
      }
      case "everyDuration": {
        if (periodAt) {
          reportConflict(condition, periodAt, "bar period", reporter);
          ok = false;
          break;
        }
        periodAt = condition;
        const duration = durationValue(condition.durationText);
        if (!duration.ok) {
          reporter.report({
            code: "E0020",
            message: `bar period \`${condition.durationText}\` is not a whole number of nanoseconds`,
            primary: { span: condition.durationSpan, label: `this is ${duration.exactNs} ns` },
            notes: ["bars are aligned to multiples of the period in exchange nanoseconds (docs/language.md section 4)"],
          });
          ok = false;
        } else if (duration.ns <= 0n) {
          reporter.report({
            code: "E0020",
            message: "bar period must be longer than zero",
            primary: { span: condition.durationSpan, label: "this is 0" },
          });
          ok = false;
        } else {
          result.barNs = duration.ns;
        }
        break;
      }
    }
  }
  return ok ? result : undefined;
}

function reportConflict(condition: TriggerCondition, first: TriggerCondition, what: string, reporter: Reporter): void {
  reporter.report({
    code: "E0028",
    message: `a trigger can have only one ${what}`,
    primary: { span: condition.span, label: "second one" },
    secondary: [{ span: first.span, label: "first one" }],
  });
}
