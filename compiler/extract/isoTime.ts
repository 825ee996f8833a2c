// Times on the command line (`--from`, `--to`): ISO-8601, read exactly to the nanosecond and in
// UTC unless the text gives an offset, whatever the machine's time zone (docs/formats/parquet.md,
// "Time range"). `Date.parse` is not used: it reads a time without an offset in local time and
// keeps only milliseconds.

/** Why a time cannot be read, for the caller's error. */
export class TimeSyntaxError extends Error {}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

const NS_PER_SECOND = 1_000_000_000n;

/** Days from 1970-01-01 to the civil date (proleptic Gregorian), exactly. */
function daysFromCivil(year: number, month: number, day: number): bigint {
  const y = BigInt(month <= 2 ? year - 1 : year);
  const era = (y >= 0n ? y : y - 399n) / 400n;
  const yearOfEra = y - era * 400n;
  const m = BigInt(month);
  const dayOfYear = (153n * (m > 2n ? m - 3n : m + 9n) + 2n) / 5n + BigInt(day) - 1n;
  const dayOfEra = yearOfEra * 365n + yearOfEra / 4n - yearOfEra / 100n + dayOfYear;
  return era * 146097n + dayOfEra - 719468n;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * `2024-01-20`, `2024-01-20T10:00`, `2024-01-20T10:00:05.123456789Z`, `2024-01-20T10:00+02:00`
 * -> int64 ns since the epoch. Without an offset the time is UTC.
 */
export function parseIsoTimeNs(text: string): bigint {
  const m = ISO.exec(text.trim());
  if (!m) throw new TimeSyntaxError(`cannot read "${text}" as an ISO-8601 time (e.g. 2024-01-20T10:00Z)`);
  const [year, month, day, hour = 0, minute = 0, second = 0] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((part) =>
    part === undefined ? undefined : Number(part),
  ) as number[];
  const fraction = (m[7] ?? "").padEnd(9, "0");
  if (month < 1 || month > 12) throw new TimeSyntaxError(`"${text}": month ${month} is not 1 to 12`);
  if (day < 1 || day > daysInMonth(year, month))
    throw new TimeSyntaxError(`"${text}": ${year}-${m[2]} has no day ${day}`);
  if (hour > 23 || minute > 59 || second > 59)
    throw new TimeSyntaxError(`"${text}": ${m[4]}:${m[5]}${m[6] === undefined ? "" : `:${m[6]}`} is not a time of day`);
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone !== undefined && zone.toUpperCase() !== "Z") {
    const digits = zone.slice(1).replace(":", "");
    const [oh, om] = [Number(digits.slice(0, 2)), Number(digits.slice(2))];
    if (oh > 23 || om > 59) throw new TimeSyntaxError(`"${text}": ${zone} is not a UTC offset`);
    offsetMinutes = (zone[0] === "-" ? -1 : 1) * (oh * 60 + om);
  }
  const seconds =
    daysFromCivil(year, month, day) * 86_400n + BigInt(hour * 3600 + minute * 60 + second) - BigInt(offsetMinutes * 60);
  return seconds * NS_PER_SECOND + BigInt(fraction);
}
