// The public TypeScript library API of the featc runtime.

export { FEATC_ERROR_CODES, FeatcError, type ErrorCode, type FeatcErrorCode } from "./errors.js";
export * from "./kernel.js";

export { LogReader, type LogHeader } from "./log/reader.js";
export { LogWriter, encodeLog, type LogFileHeader, type LogRecord } from "./log/writer.js";
export * as logFormat from "./log/format.js";

export { BookL3 } from "./book/bookL3.js";
export { BookL2 } from "./book/bookL2.js";
export type { BookModel } from "./book/bookModel.js";

export { PacketDriver, type DriverOptions } from "./engine/driver.js";
export { chooseSnapshot, type WarmUp } from "./engine/warmStart.js";
export { continuity, type Continuity, type ResetReason } from "./engine/continuity.js";

export { OnlineEngine, type OnlineOptions, type RowListener } from "./online/engine.js";
export { RingBuffer, type Row, type RowValue, type ColumnValues } from "./online/ringBuffer.js";
export type { EventInput } from "./online/eventInput.js";

export * from "./batch/index.js";
