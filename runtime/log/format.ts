// Byte layout of the .q event log, format version 1 (docs/formats/q.md). Offsets only; the
// reader, the writer and the packet driver read and write through these names.

export const MAGIC = "FEATQLOG";
export const FORMAT_VERSION = 1;
export const HEADER_LEN = 256;
export const RECORD_LEN = 64;
export const INDEX_ENTRY_LEN = 16;
/** One snapshot-table entry: as-of time, record, body offset, body count. */
export const SNAPSHOT_ENTRY_LEN = 32;
/** One time-index entry every this many records. */
export const INDEX_STRIDE = 4096;

/** Header field offsets. */
export const H_MAGIC = 0;
export const H_VERSION = 8;
export const H_HEADER_LEN = 10;
export const H_RECORD_LEN = 12;
export const H_BOOK_KIND = 14;
export const H_FLAGS = 15;
export const H_PRICE_DECIMALS = 16;
export const H_SIZE_DECIMALS = 17;
export const H_FIRST_TS = 24;
export const H_LAST_TS = 32;
export const H_RECORD_COUNT = 40;
export const H_INDEX_OFFSET = 48;
export const H_INDEX_COUNT = 56;
export const H_SYMBOL = 64;
export const H_VENUE = 96;
export const H_DATE = 128;
/** Byte offset of the snapshot table (0: none) and its entry count (docs/formats/q.md, "Snapshots"). */
export const H_SNAPSHOT_OFFSET = 144;
export const H_SNAPSHOT_COUNT = 152;
/** Byte offset and length of the import report, UTF-8 JSON (docs/formats/q.md, "Import report"; 0/0: none). */
export const H_REPORT_OFFSET = 160;
export const H_REPORT_LEN = 168;
/** 32 bytes: SHA-256 of the record section, set by the writer (all zero: not recorded). */
export const H_RECORDS_SHA256 = 176;
export const SYMBOL_LEN = 32;
export const VENUE_LEN = 32;
export const DATE_LEN = 16;

/** File flag bits. */
export const FILE_SEALED = 1;

export const BOOK_L3 = 1;
export const BOOK_L2 = 2;

/** Record field offsets. */
export const R_EXCHANGE_TS = 0;
export const R_INGEST_TS = 8;
export const R_SEQUENCE = 16;
export const R_ORDER_ID = 24;
export const R_PRICE = 32;
export const R_SIZE = 40;
/** kind, side, flags and aggressor are four consecutive bytes, read as one u32. */
export const R_KIND = 48;
export const R_SIDE = 49;
export const R_FLAGS = 50;
export const R_AGGRESSOR = 51;
export const R_AUX = 56;

/** Record kinds. */
export const KIND_ADD = 1;
export const KIND_CANCEL = 2;
export const KIND_DELETE = 3;
export const KIND_MODIFY = 4;
export const KIND_EXECUTE = 5;
export const KIND_TRADE = 6;
export const KIND_LEVEL = 7;
export const KIND_CLEAR = 8;
export const KIND_STATUS = 9;
export const KIND_MAX = 9;

/** Side codes (also the book's `SideCode`). */
export const SIDE_NONE = 0;
export const SIDE_BID = 1;
export const SIDE_ASK = 2;

/** Record flag bits. */
export const FLAG_LAST = 1;
export const FLAG_SNAPSHOT = 2;
/** Records were lost before this one (the importer saw a sequence gap). */
export const FLAG_GAP = 4;
/** The venue says the book may be wrong here (DBN `F_MAYBE_BAD_BOOK`). */
export const FLAG_BAD_BOOK = 8;
/** The venue says this record's receive time is unreliable (DBN `F_BAD_TS_RECV`). */
export const FLAG_BAD_TS = 16;

/** Aggressor codes. */
export const AGGRESSOR_NONE = 0;
export const AGGRESSOR_BUY = 1;
export const AGGRESSOR_SELL = 2;

export const KIND_NAMES = ["", "add", "cancel", "delete", "modify", "execute", "trade", "level", "clear", "status"];
