// The batch path: a log through a TS kernel into rows (for parity) or a Parquet file.

export { runLogToRows, type RunOptions, type RunResult } from "./runLog.js";
export { ColumnarRows, type ColumnData } from "./columnarRows.js";
export { writeParquetTs, type ParquetOptions, type ParquetResult, type ParquetCompression } from "./parquetWriter.js";
