//! One line of a Binance websocket capture: `<local receive ns> <JSON>`, where the JSON is a
//! combined-stream message (`{"stream": "btcusdt@depth@100ms", "data": {...}}`) or a REST depth
//! snapshot written by the capture tool (`{"lastUpdateId": ..., "bids": ..., "asks": ...}`).
//! Field names are Binance's (spot: "Diff. Depth Stream", "Trade Streams", "Individual Symbol
//! Book Ticker Streams"; USD-M futures: "Diff. Book Depth Streams", where `pu` is the previous
//! event's final update id). Prices and sizes stay text here; `decimal` makes them exact.

use serde_json::{Map, Value};

/// A price level as sent: `["61837.63000000", "3.78826000"]`.
pub type LevelText = (String, String);

#[derive(Debug)]
pub enum Message {
    /// REST `GET /api/v3/depth` (spot), `/fapi/v1/depth` (USD-M) or `/dapi/v1/depth` (COIN-M);
    /// futures add `E`, COIN-M also `pair` (and `symbol`).
    Snapshot {
        last_update_id: u64,
        event_time: Option<i64>,
        /// COIN-M's `pair` (`BTCUSD`): USD-M and spot snapshots have none.
        pair: Option<String>,
        bids: Vec<LevelText>,
        asks: Vec<LevelText>,
    },
    /// `depthUpdate`: the updates with ids `first..=last`; `prev` is futures' `pu`; `pair` is
    /// COIN-M's `ps` (USD-M and spot events have none).
    Depth {
        event_time: i64,
        first: u64,
        last: u64,
        prev: Option<u64>,
        pair: Option<String>,
        symbol: String,
        bids: Vec<LevelText>,
        asks: Vec<LevelText>,
    },
    /// `trade` or `aggTrade`; `buyer_maker` is `m`. Futures trades other than `X: "MARKET"`
    /// (liquidation and insurance-fund prints) are marked `market: false`.
    Trade { trade_time: i64, id: u64, price: String, qty: String, buyer_maker: bool, market: bool, symbol: String },
    /// `bookTicker`: best bid and ask after update id `update_id`. Not a book event.
    Ticker { update_id: u64, bid: LevelText, ask: LevelText },
}

pub struct Line {
    pub local_ns: i64,
    pub message: Message,
}

pub fn parse_line(text: &str) -> Result<Line, String> {
    let (ts, json) = text.split_once(' ').ok_or("expected `<local receive ns> <JSON>`")?;
    let local_ns: i64 =
        ts.parse().map_err(|_| format!("local receive time {ts:?} is not an integer of nanoseconds"))?;
    let value: Value = serde_json::from_str(json).map_err(|e| format!("bad JSON: {e}"))?;
    let obj = value.as_object().ok_or("the JSON is not an object")?;
    let message = if obj.contains_key("lastUpdateId") {
        snapshot(obj)?
    } else {
        let stream = str_field(obj, "stream")?;
        let data = obj.get("data").and_then(Value::as_object).ok_or("no `data` object")?;
        stream_message(stream, data)?
    };
    Ok(Line { local_ns, message })
}

fn stream_message(stream: &str, data: &Map<String, Value>) -> Result<Message, String> {
    let kind = stream.split('@').nth(1).unwrap_or("");
    match kind {
        "depth" => Ok(Message::Depth {
            event_time: i64_field(data, "E")?,
            first: u64_field(data, "U")?,
            last: u64_field(data, "u")?,
            prev: data.get("pu").map(|_| u64_field(data, "pu")).transpose()?,
            pair: data.get("ps").map(|_| str_field(data, "ps").map(str::to_string)).transpose()?,
            symbol: str_field(data, "s")?.to_string(),
            bids: levels(data, "b")?,
            asks: levels(data, "a")?,
        }),
        "trade" | "aggTrade" => Ok(Message::Trade {
            trade_time: i64_field(data, "T")?,
            id: u64_field(data, if kind == "trade" { "t" } else { "a" })?,
            price: str_field(data, "p")?.to_string(),
            qty: str_field(data, "q")?.to_string(),
            buyer_maker: data.get("m").and_then(Value::as_bool).ok_or("field `m` is missing or not a boolean")?,
            market: data.get("X").and_then(Value::as_str).is_none_or(|x| x == "MARKET"),
            symbol: str_field(data, "s")?.to_string(),
        }),
        "bookTicker" => Ok(Message::Ticker {
            update_id: u64_field(data, "u")?,
            bid: (str_field(data, "b")?.to_string(), str_field(data, "B")?.to_string()),
            ask: (str_field(data, "a")?.to_string(), str_field(data, "A")?.to_string()),
        }),
        _ => Err(format!("stream {stream:?} is not depth, trade, aggTrade or bookTicker")),
    }
}

fn snapshot(obj: &Map<String, Value>) -> Result<Message, String> {
    Ok(Message::Snapshot {
        last_update_id: u64_field(obj, "lastUpdateId")?,
        event_time: obj.get("E").map(|_| i64_field(obj, "E")).transpose()?,
        pair: obj.get("pair").map(|_| str_field(obj, "pair").map(str::to_string)).transpose()?,
        bids: levels(obj, "bids")?,
        asks: levels(obj, "asks")?,
    })
}

fn str_field<'a>(obj: &'a Map<String, Value>, key: &str) -> Result<&'a str, String> {
    obj.get(key).and_then(Value::as_str).ok_or_else(|| format!("field `{key}` is missing or not a string"))
}

fn u64_field(obj: &Map<String, Value>, key: &str) -> Result<u64, String> {
    obj.get(key).and_then(Value::as_u64).ok_or_else(|| format!("field `{key}` is missing or not an unsigned integer"))
}

fn i64_field(obj: &Map<String, Value>, key: &str) -> Result<i64, String> {
    obj.get(key).and_then(Value::as_i64).ok_or_else(|| format!("field `{key}` is missing or not an integer"))
}

fn levels(obj: &Map<String, Value>, key: &str) -> Result<Vec<LevelText>, String> {
    let list =
        obj.get(key).and_then(Value::as_array).ok_or_else(|| format!("field `{key}` is missing or not a list"))?;
    list.iter()
        .map(|pair| match pair.as_array().map(Vec::as_slice) {
            Some([Value::String(p), Value::String(q)]) => Ok((p.clone(), q.clone())),
            _ => Err(format!("`{key}` holds {pair}, expected [\"price\", \"size\"]")),
        })
        .collect()
}
