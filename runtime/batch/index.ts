// The batch path: a log through a TS kernel into rows (for parity) or a Parquet file.

export { runLogToRows, runStream, type FileRun, type RunOptions, type RunResult, type StreamStart } from "./runLog.js";
export { ColumnarRows, type ColumnData } from "./columnarRows.js";
export {
  COMPRESSIONS,
  ENGINES,
  EXTRACT_DEFAULTS,
  extractSettings,
  type Compression,
  type Engine,
  type ExtractOptions,
  type ExtractSettings,
} from "./extractOptions.js";
export {
  writeParquetStreamTs,
  writeParquetTs,
  type ParquetOptions,
  type ParquetResult,
  type ParquetCompression,
} from "./parquetWriter.js";
