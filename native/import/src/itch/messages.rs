//! TotalView-ITCH 5.0 messages (NASDAQ, "Nasdaq TotalView-ITCH 5.0" specification, section 1
//! and 4): big-endian, fixed length per type. Every message starts with type (1 byte), stock
//! locate (2), tracking number (2) and a 6-byte timestamp: nanoseconds since midnight.

/// The length of a message of type `t`, type byte included; `None` for a type not in 5.0.
pub fn message_len(t: u8) -> Option<usize> {
    Some(match t {
        b'S' => 12,
        b'R' => 39,
        b'H' => 25,
        b'Y' => 20,
        b'L' => 26,
        b'V' => 35,
        b'W' => 12,
        b'K' => 28,
        b'J' => 35,
        b'h' => 21,
        b'A' => 36,
        b'F' => 40,
        b'E' => 31,
        b'C' => 36,
        b'X' => 23,
        b'D' => 19,
        b'U' => 35,
        b'P' => 44,
        b'Q' => 40,
        b'B' => 19,
        b'I' => 50,
        b'N' => 20,
        b'O' => 48,
        _ => return None,
    })
}

#[inline]
pub fn be_u16(b: &[u8], at: usize) -> u16 {
    u16::from_be_bytes([b[at], b[at + 1]])
}

#[inline]
pub fn be_u32(b: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

#[inline]
pub fn be_u64(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[at..at + 8]);
    u64::from_be_bytes(w)
}

/// The 6-byte timestamp at offset 5.
#[inline]
pub fn timestamp(b: &[u8]) -> u64 {
    (be_u16(b, 5) as u64) << 32 | be_u32(b, 7) as u64
}

pub fn locate(b: &[u8]) -> u16 {
    be_u16(b, 1)
}

/// An 8-byte, space-padded stock symbol: printable ASCII, as the specification's alpha fields
/// are. It names the stock's folder, so a damaged one is refused rather than read lossily (two
/// names differing only in bytes that are not text once became one folder, and a second writer's
/// LOG_EXISTS), and it may not be blank, hold a path separator or start with a dot.
pub fn stock(b: &[u8], at: usize) -> Result<String, String> {
    let raw = &b[at..at + 8];
    let end = raw.iter().rposition(|&c| c != b' ' && c != 0).map_or(0, |i| i + 1);
    let name = &raw[..end];
    if name.is_empty() {
        return Err("stock symbol is blank".to_string());
    }
    if let Some(bad) = name.iter().find(|&&c| !(0x21..=0x7e).contains(&c) || c == b'/' || c == b'\\') {
        return Err(format!(
            "stock symbol {:?} holds byte 0x{bad:02x}, which a symbol may not",
            String::from_utf8_lossy(name)
        ));
    }
    if name[0] == b'.' {
        return Err(format!("stock symbol {:?} starts with a dot", String::from_utf8_lossy(name)));
    }
    Ok(String::from_utf8_lossy(name).into_owned())
}

/// The fields featc reads, per message type (offsets from the spec).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    System {
        event: u8,
    },
    StockDirectory {
        stock: String,
    },
    TradingAction {
        stock: String,
        state: u8,
    },
    /// `h` Operational Halt: `market` (`Q` Nasdaq, `B` BX, `X` PSX) halted (`H`) or resumed
    /// (`T`) the stock on that market only.
    OperationalHalt {
        stock: String,
        market: u8,
        action: u8,
    },
    Add {
        order: u64,
        buy: bool,
        shares: u32,
        stock: String,
        price: u32,
    },
    Executed {
        order: u64,
        shares: u32,
    },
    ExecutedWithPrice {
        order: u64,
        shares: u32,
        printable: bool,
        price: u32,
    },
    Cancel {
        order: u64,
        shares: u32,
    },
    Delete {
        order: u64,
    },
    Replace {
        order: u64,
        new_order: u64,
        shares: u32,
        price: u32,
    },
    Trade {
        /// The Buy/Sell Indicator: the resting non-displayed order's side, but always `B` on
        /// and after 2014-07-14 (`super::trade_indicator_masked`).
        buy: bool,
        shares: u32,
        stock: String,
        price: u32,
    },
    CrossTrade {
        shares: u64,
        stock: String,
        price: u32,
    },
    BrokenTrade,
    /// A message with no book or trade content (Reg SHO, MWCB, IPO, LULD, NOII, ...).
    Administrative,
}

/// Decodes a whole message `b` (its length already checked against `message_len`).
pub fn decode(b: &[u8]) -> Result<Message, String> {
    let side = |c: u8| match c {
        b'B' => Ok(true),
        b'S' => Ok(false),
        _ => Err(format!("buy/sell indicator {:?} is not B or S", c as char)),
    };
    Ok(match b[0] {
        b'S' => Message::System { event: b[11] },
        b'R' => Message::StockDirectory { stock: stock(b, 11)? },
        b'H' => Message::TradingAction { stock: stock(b, 11)?, state: b[19] },
        b'h' => match b[20] {
            b'H' | b'T' => Message::OperationalHalt { stock: stock(b, 11)?, market: b[19], action: b[20] },
            c => return Err(format!("operational halt action {:?} is not H or T", c as char)),
        },
        b'A' | b'F' => Message::Add {
            order: be_u64(b, 11),
            buy: side(b[19])?,
            shares: be_u32(b, 20),
            stock: stock(b, 24)?,
            price: be_u32(b, 32),
        },
        b'E' => Message::Executed { order: be_u64(b, 11), shares: be_u32(b, 19) },
        b'C' => {
            let printable = match b[31] {
                b'Y' => true,
                b'N' => false,
                c => return Err(format!("printable flag {:?} is not Y or N", c as char)),
            };
            Message::ExecutedWithPrice { order: be_u64(b, 11), shares: be_u32(b, 19), printable, price: be_u32(b, 32) }
        }
        b'X' => Message::Cancel { order: be_u64(b, 11), shares: be_u32(b, 19) },
        b'D' => Message::Delete { order: be_u64(b, 11) },
        b'U' => Message::Replace {
            order: be_u64(b, 11),
            new_order: be_u64(b, 19),
            shares: be_u32(b, 27),
            price: be_u32(b, 31),
        },
        b'P' => Message::Trade { buy: side(b[19])?, shares: be_u32(b, 20), stock: stock(b, 24)?, price: be_u32(b, 32) },
        b'Q' => Message::CrossTrade { shares: be_u64(b, 11), stock: stock(b, 19)?, price: be_u32(b, 27) },
        b'B' => Message::BrokenTrade,
        _ => Message::Administrative,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stock_symbol_is_printable_ascii_or_refused() {
        assert_eq!(stock(b"AAPL    ", 0).unwrap(), "AAPL");
        assert_eq!(stock(b"BRK.A   ", 0).unwrap(), "BRK.A");
        // Found by fuzzing: two names that differ only in bytes that are not text became one
        // folder once read lossily, and the second stock's log failed with LOG_EXISTS.
        for damaged in [b"CHAR\xff_  ", b"CHAR\xfe_  "] {
            assert!(stock(damaged, 0).unwrap_err().contains("holds byte 0xf"), "{damaged:?}");
        }
        assert_eq!(stock(b"        ", 0).unwrap_err(), "stock symbol is blank");
        assert!(stock(b"A/B     ", 0).unwrap_err().contains("0x2f"));
        assert!(stock(b".HIDDEN ", 0).unwrap_err().contains("starts with a dot"));
    }
}
