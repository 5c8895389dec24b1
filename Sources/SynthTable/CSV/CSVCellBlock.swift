/// A block of rows rendered column by column, then assembled into lines (``CSVWriter``'s row path).
///
/// Every cell is a reference (start, byte count) into one byte arena. The arena holds the texts fixed for
/// the whole table first (each categorical column's level fields, `True` and `False`, the empty or `""`
/// field of a missing value), then a slot of ``CSVColumnEncoder/slotWidth`` bytes per row for each column
/// whose texts are made per cell (integers, numbers, datetimes). So a category or a missing value costs
/// one reference, and the line assembly is one loop for every kind: copy each cell's bytes, then a
/// delimiter or the newline. The copies move 16 bytes at a time (the arena and the output keep 16 bytes of
/// slack after their last byte), so a short field is one load and one store.
struct CSVCellBlock {
    /// Where a cell's bytes lie in the arena.
    struct Cell {
        var start: Int
        var count: Int
    }

    /// Bytes past the end of the arena and of the assembled lines that the 16-byte copies may touch.
    static let slack = 16

    /// Fixed texts, then each slotted column's slots, then ``slack`` bytes.
    private(set) var arena: [UInt8]
    /// Column c's cell of row r is at `c * rowCapacity + r`.
    private(set) var cells: [Cell]
    let rowCapacity: Int
    let columnCount: Int

    /// An arena of `fixed` (the fixed texts, copied in) plus `slotBytes` bytes of slots.
    init(fixed: [UInt8], slotBytes: Int, columns: Int, rows: Int) {
        arena = fixed
        arena.append(contentsOf: repeatElement(0, count: slotBytes + Self.slack))
        cells = [Cell](repeating: Cell(start: 0, count: 0), count: columns * rows)
        rowCapacity = rows
        columnCount = columns
    }

    /// Lets `body` render column `column`'s cells: it gets the arena and the column's first cell.
    mutating func render<R>(column: Int,
                            _ body: (UnsafeMutablePointer<UInt8>, UnsafeMutablePointer<Cell>) -> R) -> R {
        let first = column * rowCapacity
        return arena.withUnsafeMutableBufferPointer { a in
            cells.withUnsafeMutableBufferPointer { c in body(a.baseAddress!, c.baseAddress! + first) }
        }
    }

    /// Appends the first `rows` rows as lines to `sink`: cells separated by `delimiter`, each line ended
    /// by `newline`. `cellBytes` is the sum of those rows' cell byte counts.
    func appendLines(rows: Int, cellBytes: Int, delimiter: UInt8, newline: [UInt8], to sink: inout CSVByteSink) {
        let columns = columnCount, stride = rowCapacity
        let lineEnd = newline.count
        let total = cellBytes + rows * (columns - 1 + lineEnd)
        arena.withUnsafeBufferPointer { a in
            cells.withUnsafeBufferPointer { c in
                newline.withUnsafeBufferPointer { nl in
                    sink.append(count: total, slack: Self.slack) { out in
                        let base = UnsafeRawPointer(a.baseAddress!)
                        var o = UnsafeMutableRawPointer(out)
                        for r in 0..<rows {
                            var k = r
                            for col in 0..<columns {
                                let cell = c[k]
                                Self.copy(base + cell.start, to: o, count: cell.count)
                                o += cell.count
                                if col < columns - 1 {
                                    o.storeBytes(of: delimiter, as: UInt8.self)
                                    o += 1
                                }
                                k += stride
                            }
                            for b in 0..<lineEnd { o.storeBytes(of: nl[b], toByteOffset: b, as: UInt8.self) }
                            o += lineEnd
                        }
                        precondition(o - UnsafeMutableRawPointer(out) == total, "assembled \(o - UnsafeMutableRawPointer(out)) bytes, expected \(total)")
                    }
                }
            }
        }
    }

    /// Copies `count` bytes in 16-byte steps (at least one step; up to 15 bytes past `count` are read and
    /// written, which the slack of both sides allows).
    @inline(__always)
    static func copy(_ source: UnsafeRawPointer, to target: UnsafeMutableRawPointer, count: Int) {
        var k = 0
        repeat {
            target.storeBytes(of: source.loadUnaligned(fromByteOffset: k, as: SIMD16<UInt8>.self),
                              toByteOffset: k, as: SIMD16<UInt8>.self)
            k += 16
        } while k < count
    }
}
