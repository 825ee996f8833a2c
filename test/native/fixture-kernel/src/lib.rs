//! A small kernel written by hand the way `featc build` generates one, so the host tests do
//! not depend on the compiler: one row per packet with a trade, three columns covering the
//! timestamp, integer and nullable float paths of the host.

use featc_core::export_kernel;
use featc_core::kernel::{
    BookView, ColumnSpec, ColumnType, Kernel, RowBatch, Side, StepContext, TriggerSpec,
};

pub struct TradeFixture {
    /// Trades since the last emitted row.
    trades: i64,
}

impl Kernel for TradeFixture {
    const NAME: &'static str = "fixture_trades";
    const IR_HASH: &'static str = "fixture-0001";
    const COLUMNS: &'static [ColumnSpec] = &[
        ColumnSpec {
            name: "ingest_ts",
            ty: ColumnType::Timestamp,
        },
        ColumnSpec {
            name: "trades",
            ty: ColumnType::I64,
        },
        ColumnSpec {
            name: "mid",
            ty: ColumnType::F64,
        },
        ColumnSpec {
            name: "one_sided",
            ty: ColumnType::Bool,
        },
    ];
    const TRIGGER: TriggerSpec = TriggerSpec {
        trade: true,
        ..TriggerSpec::NONE
    };

    fn new() -> Self {
        TradeFixture { trades: 0 }
    }

    fn step<B: BookView>(&mut self, _book: &B, ctx: &StepContext) {
        self.trades += ctx.trade_count;
    }

    fn emit<B: BookView>(&mut self, book: &B, ctx: &StepContext, row: &mut RowBatch) {
        row.put_timestamp(ctx.ingest_ts, true);
        row.put_i64(self.trades, true);
        let two_sided = book.levels(Side::Bid) > 0 && book.levels(Side::Ask) > 0;
        let mid = if two_sided {
            (book.price_at(Side::Bid, 0) as f64 + book.price_at(Side::Ask, 0) as f64)
                / 2.0
                / ctx.price_scale
        } else {
            0.0
        };
        // An empty side makes the mid null (docs/language.md).
        row.put_f64(mid, two_sided);
        row.put_bool(!two_sided, true);
        self.trades = 0;
    }
}

export_kernel!(TradeFixture);
