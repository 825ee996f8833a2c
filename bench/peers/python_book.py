"""examples/goog_1s.feat's columns computed by the order book Python users write from the
vendors' documentation: a dict of resting orders (id -> side, price, size) and one
sortedcontainers.SortedDict of price -> total size a side, the best level read at its end.
A peer of npm run bench (bench/peers.mjs), on the same .q log and with the same rows as featc,
bit for bit (the arithmetic is the spec's, in its order; sizes stay whole numbers until a
column divides them).

    python_book.py LOG.q OUT.parquet

prints one JSON line: records, packets, rows, compute_s (the replay, the records read from the
mapped log included) and compute_cpu_s.
"""

import json
import struct
import sys
import time

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from sortedcontainers import SortedDict

RECORD = np.dtype(
    [
        ("exchange_ts", "<i8"),
        ("ingest_ts", "<i8"),
        ("sequence", "<u8"),
        ("order_id", "<u8"),
        ("price", "<i8"),
        ("size", "<i8"),
        ("kind", "u1"),
        ("side", "u1"),
        ("flags", "u1"),
        ("aggressor", "u1"),
        ("pad", "<u4"),
        ("aux", "<i8"),
    ]
)
HEADER_LEN = 256
ADD, CANCEL, DELETE, MODIFY, EXECUTE, TRADE, CLEAR = 1, 2, 3, 4, 5, 6, 8
BID, ASK = 1, 2
BUY, SELL = 1, 2
LAST = 1
BAR_NS = 1_000_000_000
# Records turned into Python values at a time: the whole day at once would take gigabytes.
CHUNK = 1 << 20


def open_log(path):
    with open(path, "rb") as f:
        header = f.read(HEADER_LEN)
    if header[:8] != b"FEATQLOG":
        raise SystemExit(f"{path}: not a .q log")
    book_kind, price_decimals, size_decimals = header[14], header[16], header[17]
    (count,) = struct.unpack_from("<Q", header, 40)
    symbol = header[64:96].rstrip(b"\0").decode()
    date = header[128:144].rstrip(b"\0").decode()
    if book_kind != 1:
        raise SystemExit(f"{path}: the Python book replays L3 logs only")
    records = np.memmap(path, dtype=RECORD, mode="r", offset=HEADER_LEN, shape=(count,))
    return records, price_decimals, size_decimals, symbol, date


class Book:
    def __init__(self):
        self.orders = {}
        self.bids = SortedDict()
        self.asks = SortedDict()

    def levels(self, side):
        return self.bids if side == BID else self.asks

    def add(self, side, price, size):
        levels = self.levels(side)
        levels[price] = levels.get(price, 0) + size

    def remove(self, side, price, size):
        levels = self.levels(side)
        left = levels[price] - size
        if left == 0:
            del levels[price]
        else:
            levels[price] = left

    def best_bid(self):
        return self.bids.peekitem(-1) if self.bids else None

    def best_ask(self):
        return self.asks.peekitem(0) if self.asks else None

    def depth(self, side, n):
        levels = self.bids if side == BID else self.asks
        keys = reversed(levels.keys()) if side == BID else iter(levels.keys())
        total = 0
        for k, price in enumerate(keys):
            if k == n:
                break
            total += levels[price]
        return total


def replay(records, price_decimals, size_decimals):
    price_scale = float(10**price_decimals)
    size_scale = float(10**size_decimals)
    book = Book()
    orders = book.orders
    cols = {k: [] for k in ("ts", "ingest_ts", "exchange_ts", "mid", "spread_bps", "imbalance_5", "ofi", "trade_flow")}
    prev_bid = prev_ask = None
    ofi = 0.0
    flow = 0.0
    last_ex = last_in = 0
    next_bar = None
    open_packet = False
    trades = signed = packets = 0
    n = len(records)

    def emit(at):
        nonlocal ofi, flow
        cols["ts"].append(at)
        cols["ingest_ts"].append(last_in)
        cols["exchange_ts"].append(last_ex)
        bb, ba = book.best_bid(), book.best_ask()
        if bb is not None and ba is not None:
            bid = bb[0] / price_scale
            ask = ba[0] / price_scale
            mid = (bid + ask) / 2.0
            cols["mid"].append(mid)
            cols["spread_bps"].append((ask - bid) / mid * 1e4 if mid != 0.0 else None)
        else:
            cols["mid"].append(None)
            cols["spread_bps"].append(None)
        b = book.depth(BID, 5) / size_scale
        a = book.depth(ASK, 5) / size_scale
        cols["imbalance_5"].append((b - a) / (b + a) if b + a != 0.0 else None)
        cols["ofi"].append(ofi)
        cols["trade_flow"].append(flow)
        ofi = 0.0
        flow = 0.0

    def touch(levels, best):
        if not levels:
            return None
        price, size = best()
        return price, size / size_scale

    for start in range(0, n, CHUNK):
        part = records[start : start + CHUNK]
        columns = [part[f].tolist() for f in ("exchange_ts", "ingest_ts", "order_id", "price", "size", "kind", "side", "flags", "aggressor")]
        for j, (ex, ing, oid, price, size, kind, side, flags, aggressor) in enumerate(zip(*columns)):
            if not open_packet:
                open_packet = True
                if next_bar is None:
                    next_bar = ex // BAR_NS * BAR_NS + BAR_NS
                else:
                    while ex >= next_bar:
                        emit(next_bar)
                        next_bar += BAR_NS
            if kind == ADD:
                orders[oid] = [side, price, size]
                book.add(side, price, size)
            elif kind == CANCEL or kind == EXECUTE:
                o = orders[oid]
                o[2] -= size
                if o[2] == 0:
                    del orders[oid]
                book.remove(o[0], o[1], size)
                if kind == EXECUTE:
                    # Without an aggressor, the side opposite the resting order.
                    buy = o[0] == ASK if aggressor == 0 else aggressor == BUY
                    trades += 1
                    signed += size if buy else -size
            elif kind == DELETE:
                o = orders.pop(oid)
                book.remove(o[0], o[1], o[2])
            elif kind == MODIFY:
                o = orders[oid]
                book.remove(o[0], o[1], o[2])
                o[1], o[2] = price, size
                book.add(o[0], price, size)
            elif kind == TRADE:
                trades += 1
                signed += size if aggressor == BUY else -size if aggressor == SELL else 0
            elif kind == CLEAR:
                orders.clear()
                book.bids.clear()
                book.asks.clear()
            if flags & LAST or start + j + 1 == n:
                open_packet = False
                packets += 1
                last_ex, last_in = ex, ing
                bid = touch(book.bids, book.best_bid)
                ask = touch(book.asks, book.best_ask)
                # ofi_event() (Cont, Kukanov, Stoikov 2014, eq. 2) of the spec.
                if bid is not None and ask is not None and prev_bid is not None and prev_ask is not None:
                    e_bid = bid[1] if bid[0] > prev_bid[0] else -prev_bid[1] if bid[0] < prev_bid[0] else bid[1] - prev_bid[1]
                    e_ask = ask[1] if ask[0] < prev_ask[0] else -prev_ask[1] if ask[0] > prev_ask[0] else ask[1] - prev_ask[1]
                    ofi += e_bid - e_ask
                prev_bid, prev_ask = bid, ask
                flow += signed / size_scale
                if trades > 0:
                    emit(ex)
                trades = signed = 0
    return cols, packets


def write(path, cols, symbol, date):
    ts = pa.timestamp("ns", tz="UTC")
    dictionary = pa.dictionary(pa.int32(), pa.utf8())
    rows = len(cols["ts"])
    arrays = [pa.array(cols[n], type=ts) for n in ("ts", "ingest_ts", "exchange_ts")]
    arrays += [pa.array(cols[n], type=pa.float64()) for n in ("mid", "spread_bps", "imbalance_5", "ofi", "trade_flow")]
    arrays += [pa.DictionaryArray.from_arrays(pa.array([0] * rows, type=pa.int32()), pa.array([v])) for v in (symbol, date)]
    fields = [pa.field(n, ts) for n in ("ts", "ingest_ts", "exchange_ts")]
    fields += [pa.field(n, pa.float64()) for n in ("mid", "spread_bps", "imbalance_5", "ofi", "trade_flow")]
    fields += [pa.field("symbol", dictionary, nullable=False), pa.field("date", dictionary, nullable=False)]
    pq.write_table(pa.Table.from_arrays(arrays, schema=pa.schema(fields)), path, compression="zstd")


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: python_book.py LOG.q OUT.parquet")
    records, price_decimals, size_decimals, symbol, date = open_log(sys.argv[1])
    wall, cpu = time.perf_counter(), time.process_time()
    cols, packets = replay(records, price_decimals, size_decimals)
    compute_s, compute_cpu_s = time.perf_counter() - wall, time.process_time() - cpu
    write(sys.argv[2], cols, symbol, date)
    print(json.dumps({"records": len(records), "packets": packets, "rows": len(cols["ts"]), "compute_s": compute_s, "compute_cpu_s": compute_cpu_s}))


if __name__ == "__main__":
    main()
