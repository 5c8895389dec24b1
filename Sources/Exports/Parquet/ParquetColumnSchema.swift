import SynthTable

/// How one table column is stored in Parquet: its physical type and the logical type that tells readers
/// what the bytes mean (parquet-format LogicalTypes.md). Every column is OPTIONAL (a definition level per
/// row says whether the value is there), as pandas and pyarrow write them.
///
/// | column kind | physical | logical (converted) | encoding |
/// |---|---|---|---|
/// | numerical | DOUBLE | - | PLAIN |
/// | integer | INT64 | INTEGER(64, signed) (INT_64) | PLAIN |
/// | boolean | BOOLEAN | - | PLAIN (bit-packed) |
/// | categorical | BYTE_ARRAY | STRING (UTF8) | RLE_DICTIONARY, dictionary PLAIN |
/// | datetime, date-only layout | INT32 | DATE (DATE): days since 1970-01-01 | PLAIN |
/// | datetime with a time of day | INT64 | TIMESTAMP(MICROS, not UTC-adjusted) (TIMESTAMP_MICROS) | PLAIN |
///
/// Timestamps are naive (not UTC-adjusted) because the CSV text they come from carries no zone; readers
/// then show the same wall-clock values as the CSV. Microseconds are those the CSV writer prints: the
/// second rounded down without `%f` in the layout, the nearest microsecond with it.
struct ParquetColumnSchema: Equatable {
    enum Physical: Int32 { case boolean = 0, int32 = 1, int64 = 2, double = 5, byteArray = 6 }
    enum Logical: Equatable { case string, date, timestampMicros, int64 }

    let name: String
    let kind: ColumnKind
    let physical: Physical
    let logical: Logical?
    /// For datetimes: whether the layout has a time of day (TIMESTAMP) or not (DATE); with `%f`.
    let hasTime: Bool
    let hasFraction: Bool

    init(_ column: Column) {
        name = column.name
        kind = column.kind
        var time = false, fraction = false
        switch column.values {
        case .numerical: physical = .double; logical = nil
        case .integer: physical = .int64; logical = .int64
        case .boolean: physical = .boolean; logical = nil
        case .categorical: physical = .byteArray; logical = .string
        case .datetime(_, let format):
            time = format.hasTimeOfDay
            fraction = format.hasFraction
            physical = time ? .int64 : .int32
            logical = time ? .timestampMicros : .date
        }
        hasTime = time
        hasFraction = fraction
    }

    /// The deprecated ConvertedType older readers use instead of the logical type.
    var convertedType: Int32? {
        switch logical {
        case .string: 0          // UTF8
        case .date: 6            // DATE
        case .timestampMicros: 10 // TIMESTAMP_MICROS
        case .int64: 18          // INT_64
        case nil: nil
        }
    }

    var usesDictionary: Bool { kind == .categorical }

    /// The SchemaElement (parquet.thrift) of this leaf column.
    func writeSchemaElement(_ w: inout ThriftCompactWriter) {
        w.structValue { w in
            w.i32(1, physical.rawValue)
            w.i32(3, 1)   // OPTIONAL
            w.string(4, name)
            if let c = convertedType { w.i32(6, c) }
            if let logical {
                w.structure(10) { w in
                    switch logical {
                    case .string: w.structure(1) { _ in }
                    case .date: w.structure(6) { _ in }
                    case .timestampMicros:
                        w.structure(8) { w in
                            w.bool(1, false)                       // isAdjustedToUTC
                            w.structure(2) { w in w.structure(2) { _ in } }   // unit: MICROS
                        }
                    case .int64:
                        w.structure(10) { w in
                            w.i8(1, 64)
                            w.bool(2, true)
                        }
                    }
                }
            }
        }
    }
}
