// Book faults (docs/formats/q.md, "Validity and errors"). The book reports them as small
// integers so the per-record path allocates nothing; the driver turns a code into an error
// (strict) or a count (lenient).

import { BOOK_FAULT_CODES, type FeatcErrorCode } from "../errors.js";

export const FAULT_NONE = 0;
/** CANCEL, DELETE, MODIFY or EXECUTE of an order id the book does not hold. */
export const FAULT_UNKNOWN_ORDER = 1;
/** ADD of an order id the book already holds. */
export const FAULT_DUPLICATE_ORDER = 2;
/** CANCEL or EXECUTE of more than the order's remaining size. */
export const FAULT_OVERSIZE = 3;
/** A size <= 0 where the kind needs a positive one (ADD, CANCEL, MODIFY, EXECUTE), or < 0 on LEVEL. */
export const FAULT_BAD_SIZE = 4;
/** ADD or LEVEL without a bid or ask side. */
export const FAULT_BAD_SIDE = 5;
/** A record kind the book does not accept (LEVEL in an L3 book, order kinds in an L2 book). */
export const FAULT_BAD_KIND = 6;

export const FAULT_COUNT = 7;

/** The error code of each fault number; slot 0 (no fault) is never raised, and would be a bug. */
export const FAULT_CODES: readonly FeatcErrorCode[] = ["INTERNAL", ...BOOK_FAULT_CODES];
