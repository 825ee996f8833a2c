//! Why a record could not be applied. The book is left as it was before that record.

use crate::error::code;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BookFault {
    UnknownOrder {
        order_id: u64,
    },
    DuplicateOrder {
        order_id: u64,
    },
    /// A cancel or execution larger than what remains of the order.
    Oversize {
        order_id: u64,
        size: i64,
        remaining: i64,
    },
    /// A size that must be positive is not (L3), or a negative level size (L2).
    BadSize {
        order_id: u64,
        size: i64,
    },
    /// An `ADD` (L3) or a `LEVEL` (L2) without a bid or ask side.
    BadSide {
        order_id: u64,
        side: u8,
    },
    /// A kind this book does not apply (`LEVEL` in an L3 book, order kinds in an L2 book);
    /// `book_kind` is the log header's (`log::BOOK_L3` or `log::BOOK_L2`).
    BadKind {
        kind: u8,
        book_kind: u8,
    },
}

/// Every book fault's code, in the order of `BookFault::index` (and of `BOOK_FAULT_CODES` in
/// runtime/errors.ts): a count by reason crosses the C ABI as an array in this order.
pub const BOOK_FAULT_CODES: [&str; 6] = [
    code::BOOK_UNKNOWN_ORDER,
    code::BOOK_DUPLICATE_ORDER,
    code::BOOK_OVERSIZE,
    code::BOOK_BAD_SIZE,
    code::BOOK_BAD_SIDE,
    code::BOOK_BAD_KIND,
];

impl BookFault {
    /// Its code's position in `BOOK_FAULT_CODES`.
    pub fn index(&self) -> usize {
        match self {
            BookFault::UnknownOrder { .. } => 0,
            BookFault::DuplicateOrder { .. } => 1,
            BookFault::Oversize { .. } => 2,
            BookFault::BadSize { .. } => 3,
            BookFault::BadSide { .. } => 4,
            BookFault::BadKind { .. } => 5,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            BookFault::UnknownOrder { .. } => code::BOOK_UNKNOWN_ORDER,
            BookFault::DuplicateOrder { .. } => code::BOOK_DUPLICATE_ORDER,
            BookFault::Oversize { .. } => code::BOOK_OVERSIZE,
            BookFault::BadSize { .. } => code::BOOK_BAD_SIZE,
            BookFault::BadSide { .. } => code::BOOK_BAD_SIDE,
            BookFault::BadKind { .. } => code::BOOK_BAD_KIND,
        }
    }

    /// The reason, for messages (`cancel of unknown order 15818974`); `what` is the record's
    /// kind name in lower case.
    pub fn describe(&self, what: &str) -> String {
        match *self {
            BookFault::UnknownOrder { order_id } => format!("{what} of unknown order {order_id}"),
            BookFault::DuplicateOrder { order_id } => format!("add of order {order_id}, which is already resting"),
            BookFault::Oversize { order_id, size, remaining } => {
                format!("{what} of {size} on order {order_id}, which has only {remaining} left")
            }
            BookFault::BadSize { order_id, size } => {
                format!("{what} of order {order_id} with size {size} (must be > 0)")
            }
            BookFault::BadSide { order_id, side } => {
                format!("{what} of order {order_id} with side {side} (must be 1 bid or 2 ask)")
            }
            BookFault::BadKind { kind, book_kind } => {
                let book = if book_kind == crate::log::BOOK_L2 { "L2 (price level)" } else { "L3 (order by order)" };
                format!("{} record in an {book} book", crate::log::kind_name(kind))
            }
        }
    }
}

#[cfg(test)]
mod order_tests {
    use super::*;

    #[test]
    fn every_fault_sits_at_its_code() {
        let faults = [
            BookFault::UnknownOrder { order_id: 1 },
            BookFault::DuplicateOrder { order_id: 1 },
            BookFault::Oversize { order_id: 1, size: 2, remaining: 1 },
            BookFault::BadSize { order_id: 1, size: 0 },
            BookFault::BadSide { order_id: 1, side: 0 },
            BookFault::BadKind { kind: 7, book_kind: 1 },
        ];
        for f in faults {
            assert_eq!(BOOK_FAULT_CODES[f.index()], f.code());
        }
    }
}
