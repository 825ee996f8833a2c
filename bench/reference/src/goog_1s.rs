//! examples/goog_1s.feat computed by hand: one row per packet with a trade and one per whole
//! second of exchange time (docs/language.md section 4: a bar's row comes at the start of the
//! first packet at or after its boundary, before that packet is applied). Every float is
//! computed with the operations the spec names, in its order, so the rows are featc's bit for bit.

use crate::book::Book;
use crate::log::{kind, Log, ASK, BID, BUY, LAST, SELL};

const BAR_NS: i64 = 1_000_000_000;

/// The columns of every row, in memory.
#[derive(Default)]
pub struct Rows {
    pub ts: Vec<i64>,
    pub ingest_ts: Vec<i64>,
    pub exchange_ts: Vec<i64>,
    pub mid: Vec<Option<f64>>,
    pub spread_bps: Vec<Option<f64>>,
    pub imbalance_5: Vec<Option<f64>>,
    pub ofi: Vec<f64>,
    pub trade_flow: Vec<f64>,
}

impl Rows {
    pub fn len(&self) -> usize {
        self.ts.len()
    }
}

pub struct Counts {
    pub records: u64,
    pub packets: u64,
}

/// The best level of a side at a packet's end, converted as the spec reads it.
#[derive(Clone, Copy, Default)]
struct Touch {
    ok: bool,
    price: i64,
    size: f64,
}

struct State {
    price_scale: f64,
    size_scale: f64,
    /// The last packet's last record.
    exchange_ts: i64,
    ingest_ts: i64,
    prev_bid: Touch,
    prev_ask: Touch,
    ofi: f64,
    trade_flow: f64,
}

impl State {
    fn touch(&self, book: &Book, side: u8) -> Touch {
        let ladder = if side == BID { &book.bids } else { &book.asks };
        if ladder.is_empty() {
            return Touch::default();
        }
        let (price, size) = ladder.best();
        Touch { ok: true, price, size: size as f64 / self.size_scale }
    }

    /// The end of a packet: `ofi_event()` (Cont, Kukanov, Stoikov) and the trade flow.
    #[inline]
    fn step(&mut self, book: &Book, signed_size: i64) {
        let (bid, ask) = (self.touch(book, BID), self.touch(book, ASK));
        let (pb, pa) = (self.prev_bid, self.prev_ask);
        if bid.ok && pb.ok && ask.ok && pa.ok {
            let e_bid = if bid.price > pb.price {
                bid.size
            } else if bid.price < pb.price {
                -pb.size
            } else {
                bid.size - pb.size
            };
            let e_ask = if ask.price < pa.price {
                ask.size
            } else if ask.price > pa.price {
                -pa.size
            } else {
                ask.size - pa.size
            };
            self.ofi += e_bid - e_ask;
        }
        self.prev_bid = bid;
        self.prev_ask = ask;
        self.trade_flow += signed_size as f64 / self.size_scale;
    }

    /// A row at time `at`; the sums since the last row start over.
    fn emit(&mut self, book: &Book, at: i64, rows: &mut Rows) {
        rows.ts.push(at);
        rows.ingest_ts.push(self.ingest_ts);
        rows.exchange_ts.push(self.exchange_ts);
        let (mid, spread) = if !book.bids.is_empty() && !book.asks.is_empty() {
            let bid = book.bids.best().0 as f64 / self.price_scale;
            let ask = book.asks.best().0 as f64 / self.price_scale;
            let mid = (bid + ask) / 2.0;
            (Some(mid), (mid != 0.0).then(|| (ask - bid) / mid * 1e4))
        } else {
            (None, None)
        };
        rows.mid.push(mid);
        rows.spread_bps.push(spread);
        let b = book.bids.depth(5) as f64 / self.size_scale;
        let a = book.asks.depth(5) as f64 / self.size_scale;
        rows.imbalance_5.push((b + a != 0.0).then(|| (b - a) / (b + a)));
        rows.ofi.push(self.ofi);
        rows.trade_flow.push(self.trade_flow);
        self.ofi = 0.0;
        self.trade_flow = 0.0;
    }
}

/// Replays every record of `log` (an L3 log) and returns its rows.
pub fn replay(log: &Log) -> (Rows, Counts) {
    assert_eq!(log.book_kind, 1, "the reference replays L3 logs only");
    let mut book = Book::new();
    let mut rows = Rows::default();
    let mut st = State {
        price_scale: 10f64.powi(log.price_decimals as i32),
        size_scale: 10f64.powi(log.size_decimals as i32),
        exchange_ts: 0,
        ingest_ts: 0,
        prev_bid: Touch::default(),
        prev_ask: Touch::default(),
        ofi: 0.0,
        trade_flow: 0.0,
    };
    let mut next_bar: Option<i64> = None;
    let mut open = false;
    let (mut trades, mut signed) = (0u64, 0i64);
    let mut packets = 0u64;
    let n = log.records;
    for i in 0..n {
        let r = log.record(i);
        if !open {
            open = true;
            match next_bar {
                None => next_bar = Some(r.exchange_ts.div_euclid(BAR_NS) * BAR_NS + BAR_NS),
                Some(mut b) => {
                    while r.exchange_ts >= b {
                        st.emit(&book, b, &mut rows);
                        b += BAR_NS;
                    }
                    next_bar = Some(b);
                }
            }
        }
        match r.kind {
            kind::ADD => {
                book.orders.insert(r.order_id, r.side, r.price, r.size);
                book.side(r.side).add(r.price, r.size);
            }
            kind::CANCEL => {
                let (side, price, gone) = book.orders.reduce(r.order_id, r.size);
                book.side(side).remove(price, r.size, gone);
            }
            kind::DELETE => {
                let (side, price, size) = book.orders.remove(r.order_id);
                book.side(side).remove(price, size, true);
            }
            kind::MODIFY => {
                let (side, price, size) = book.orders.replace(r.order_id, r.price, r.size);
                let ladder = book.side(side);
                ladder.remove(price, size, true);
                ladder.add(r.price, r.size);
            }
            kind::EXECUTE => {
                let (side, price, gone) = book.orders.reduce(r.order_id, r.size);
                book.side(side).remove(price, r.size, gone);
                // Without an aggressor, the side opposite the resting order.
                let buy = match r.aggressor {
                    0 => side == ASK,
                    a => a == BUY,
                };
                trades += 1;
                signed += if buy { r.size } else { -r.size };
            }
            kind::TRADE => {
                trades += 1;
                signed += match r.aggressor {
                    BUY => r.size,
                    SELL => -r.size,
                    _ => 0,
                };
            }
            kind::CLEAR => {
                book.orders.clear();
                book.bids.clear();
                book.asks.clear();
            }
            _ => {}
        }
        if r.flags & LAST != 0 || i + 1 == n {
            open = false;
            packets += 1;
            st.exchange_ts = r.exchange_ts;
            st.ingest_ts = r.ingest_ts;
            st.step(&book, signed);
            if trades > 0 {
                st.emit(&book, r.exchange_ts, &mut rows);
            }
            trades = 0;
            signed = 0;
        }
    }
    (rows, Counts { records: n as u64, packets })
}
