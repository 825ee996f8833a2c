//! Keeping a local book in step with Binance's diff depth stream, by the rules Binance
//! documents in "How to manage a local order book correctly":
//!
//! - spot: drop events with `u <= lastUpdateId`; the first processed event must have
//!   `U <= lastUpdateId + 1 <= u`; afterwards each event's `U` is the previous `u + 1`;
//! - USD-M and COIN-M futures: drop events with `u < lastUpdateId`; the first processed event
//!   must have `U <= lastUpdateId <= u`; afterwards each event's `pu` is the previous event's `u`.
//!
//! Anything else is a gap: the book is no longer known, so it is cleared and the stream waits
//! for the next snapshot in the capture (the capture tool fetches a new one after a gap).

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Market {
    Spot,
    UsdM,
    /// COIN-M (coin-margined, `dapi`) futures: synced as USD-M ("How to manage a local order
    /// book correctly" is the same page for both), sizes in contracts.
    CoinM,
}

/// One diff event's update ids: `first` = `U`, `last` = `u`, `prev` = futures' `pu`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UpdateIds {
    pub first: u64,
    pub last: u64,
    pub prev: Option<u64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncState {
    /// No book: diff events wait for a snapshot.
    AwaitSnapshot,
    /// A snapshot with this `lastUpdateId` is applied; the next event must bridge it.
    AwaitFirst(u64),
    /// In step; the last applied event's `u`.
    Synced(u64),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Apply,
    /// Older than the snapshot: not applied.
    Stale,
    /// Events are missing: `expected` is the id that should have come (spot `U`, futures
    /// `pu`), `got` the one that did.
    Gap {
        expected: u64,
        got: u64,
    },
    /// No snapshot yet: keep the event for when one arrives.
    Wait,
}

/// What to do with `ids` in `state`.
pub fn judge(market: Market, state: SyncState, ids: UpdateIds) -> Verdict {
    match (market, state) {
        (_, SyncState::AwaitSnapshot) => Verdict::Wait,
        (Market::Spot, SyncState::AwaitFirst(snap)) => {
            if ids.last <= snap {
                Verdict::Stale
            } else if ids.first <= snap + 1 {
                Verdict::Apply
            } else {
                Verdict::Gap { expected: snap + 1, got: ids.first }
            }
        }
        (Market::UsdM | Market::CoinM, SyncState::AwaitFirst(snap)) => {
            if ids.last < snap {
                Verdict::Stale
            } else if ids.first <= snap {
                Verdict::Apply
            } else {
                Verdict::Gap { expected: snap, got: ids.first }
            }
        }
        (Market::Spot, SyncState::Synced(prev)) => {
            if ids.first == prev + 1 {
                Verdict::Apply
            } else {
                Verdict::Gap { expected: prev + 1, got: ids.first }
            }
        }
        (Market::UsdM | Market::CoinM, SyncState::Synced(prev)) => match ids.prev {
            Some(pu) if pu == prev => Verdict::Apply,
            Some(pu) => Verdict::Gap { expected: prev, got: pu },
            // A futures event without `pu` cannot be chained; the first id stands in.
            None => Verdict::Gap { expected: prev, got: ids.first },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(first: u64, last: u64, prev: Option<u64>) -> UpdateIds {
        UpdateIds { first, last, prev }
    }

    #[test]
    fn spot_rules() {
        let s = Market::Spot;
        assert_eq!(judge(s, SyncState::AwaitSnapshot, ids(1, 2, None)), Verdict::Wait);
        assert_eq!(judge(s, SyncState::AwaitFirst(100), ids(90, 100, None)), Verdict::Stale);
        assert_eq!(judge(s, SyncState::AwaitFirst(100), ids(95, 101, None)), Verdict::Apply);
        assert_eq!(judge(s, SyncState::AwaitFirst(100), ids(101, 105, None)), Verdict::Apply);
        assert_eq!(judge(s, SyncState::AwaitFirst(100), ids(102, 105, None)), Verdict::Gap { expected: 101, got: 102 });
        assert_eq!(judge(s, SyncState::Synced(105), ids(106, 110, None)), Verdict::Apply);
        assert_eq!(judge(s, SyncState::Synced(105), ids(108, 110, None)), Verdict::Gap { expected: 106, got: 108 });
    }

    #[test]
    fn futures_rules() {
        let f = Market::UsdM;
        assert_eq!(judge(f, SyncState::AwaitFirst(100), ids(90, 99, Some(89))), Verdict::Stale);
        assert_eq!(judge(f, SyncState::AwaitFirst(100), ids(90, 100, Some(89))), Verdict::Apply);
        assert_eq!(
            judge(f, SyncState::AwaitFirst(100), ids(101, 105, Some(100))),
            Verdict::Gap { expected: 100, got: 101 }
        );
        assert_eq!(judge(f, SyncState::Synced(105), ids(107, 110, Some(105))), Verdict::Apply);
        assert_eq!(
            judge(f, SyncState::Synced(105), ids(107, 110, Some(104))),
            Verdict::Gap { expected: 105, got: 104 }
        );
    }
}
