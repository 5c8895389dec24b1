/// One column's cells as ``CSVCellBlock`` references, decided once per table: a categorical column's
/// level fields (quoted if they must be) and a boolean's `True` / `False` are fixed texts of the arena,
/// so a row costs one reference; integers, numbers and datetimes are rendered into the column's slot for
/// the row. The bytes of every cell are those ``CSVWriter`` documents (and wrote cell by cell before).
struct CSVColumnEncoder {
    typealias Cell = CSVCellBlock.Cell

    enum Values {
        case numerical([Double])
        case integer([Int])
        case boolean([Bool], true: Cell, false: Cell)
        case categorical(codes: [Int32], levels: [Cell])
        case datetime([Double], DatetimeFormat)
    }

    let values: Values
    let missing: [Bool]
    /// The field of a missing value: empty, or `""` when it is the line's only field.
    let missingCell: Cell
    /// Bytes per row in the arena (0: every cell is a fixed text).
    let slotWidth: Int
    /// Where this column's slots start in the arena (set by the writer once the fixed texts are known).
    var slotStart = 0
    let delimiter: UInt8

    /// Room for any integer (`-9223372036854775808` is 20 bytes).
    static let integerSlot = 24
    /// Room for any number as Swift writes it (the longest, `-2.2250738585072014e-308`, is 24 bytes).
    static let numberSlot = 32

    /// The encoder of `column`; its fixed texts are appended to `fixed`.
    init(_ column: Column, writer: CSVWriter, alone: Bool, fixed: inout [UInt8]) {
        func fixedText(_ bytes: [UInt8]) -> Cell {
            let cell = Cell(start: fixed.count, count: bytes.count)
            fixed.append(contentsOf: bytes)
            return cell
        }
        delimiter = writer.options.delimiter
        missing = column.missing
        missingCell = alone ? fixedText(Array("\"\"".utf8)) : Cell(start: 0, count: 0)
        switch column.values {
        case .numerical(let v):
            values = .numerical(v); slotWidth = Self.numberSlot
        case .integer(let v):
            values = .integer(v); slotWidth = Self.integerSlot
        case .boolean(let v):
            values = .boolean(v, true: fixedText(Array("True".utf8)), false: fixedText(Array("False".utf8)))
            slotWidth = 0
        case .categorical(let codes, let levels):
            let cells = levels.map { level -> Cell in
                let bytes = Array(level.utf8)
                return fixedText(writer.field(bytes, quoteAlways: bytes.isEmpty || writer.wouldReadAsOtherKind(bytes)))
            }
            values = .categorical(codes: codes, levels: cells)
            slotWidth = 0
        case .datetime(let v, let format):
            values = .datetime(v, format)
            // A directive writes at most 9 bytes for its 2 (%B), a literal byte itself; quoting at most
            // doubles that and adds two quotes.
            slotWidth = 2 * 5 * format.pattern.utf8.count + 2
        }
    }

    /// What rendering a range of rows gave.
    enum Rendered {
        /// The cells' total byte count.
        case bytes(Int)
        /// The first row that cannot be written (a datetime outside years 0-9999); later rows are not rendered.
        case unwritable(row: Int)
    }

    /// Renders `rows` (row indices of the column) into `cells[0..<rows.count]`, the texts made per cell
    /// into this column's slots of `arena`.
    func render(_ rows: Range<Int>, arena: UnsafeMutablePointer<UInt8>, cells: UnsafeMutablePointer<Cell>) -> Rendered {
        missing.withUnsafeBufferPointer { m in
            var total = 0
            switch values {
            case .integer(let v):
                v.withUnsafeBufferPointer { v in
                    Self.digitPairs.withUnsafeBufferPointer { pairs in
                        for (i, r) in rows.enumerated() {
                            if m[r] { cells[i] = missingCell; total += missingCell.count; continue }
                            let end = slotStart + (i + 1) * slotWidth
                            let first = Self.writeDigits(v[r], endingAt: arena + end, pairs: pairs.baseAddress!)
                            let count = arena + end - first
                            cells[i] = Cell(start: first - arena, count: count)
                            total += count
                        }
                    }
                }
            case .numerical(let v):
                v.withUnsafeBufferPointer { v in
                    for (i, r) in rows.enumerated() {
                        if m[r] || v[r].isNaN { cells[i] = missingCell; total += missingCell.count; continue }
                        let start = slotStart + i * slotWidth
                        var slot = SlotStream(arena + start, capacity: slotWidth)
                        v[r].write(to: &slot)
                        cells[i] = Cell(start: start, count: slot.count)
                        total += slot.count
                    }
                }
            case .boolean(let v, let yes, let no):
                v.withUnsafeBufferPointer { v in
                    for (i, r) in rows.enumerated() {
                        let cell = m[r] ? missingCell : (v[r] ? yes : no)
                        cells[i] = cell
                        total += cell.count
                    }
                }
            case .categorical(let codes, let levels):
                codes.withUnsafeBufferPointer { codes in
                    levels.withUnsafeBufferPointer { levels in
                        for (i, r) in rows.enumerated() {
                            let cell = m[r] ? missingCell : levels[Int(codes[r])]
                            cells[i] = cell
                            total += cell.count
                        }
                    }
                }
            case .datetime(let v, let format):
                var text: [UInt8] = [], quoted: [UInt8] = []
                for (i, r) in rows.enumerated() {
                    if m[r] { cells[i] = missingCell; total += missingCell.count; continue }
                    let s = v[r]
                    guard s.isFinite, s >= Self.datetimeRange.lowerBound, s <= Self.datetimeRange.upperBound else {
                        return .unwritable(row: r)
                    }
                    text.removeAll(keepingCapacity: true)
                    quoted.removeAll(keepingCapacity: true)
                    format.appendFormatted(s, to: &text)
                    CSVWriter.appendField(text, delimiter: delimiter, quoteAlways: false, to: &quoted)
                    precondition(quoted.count <= slotWidth, "datetime field of \(quoted.count) bytes exceeds its \(slotWidth)-byte slot")
                    let start = slotStart + i * slotWidth
                    quoted.withUnsafeBufferPointer { (arena + start).update(from: $0.baseAddress!, count: $0.count) }
                    cells[i] = Cell(start: start, count: quoted.count)
                    total += quoted.count
                }
            }
            return .bytes(total)
        }
    }

    /// Seconds of 0000-01-01T00:00:00 through 9999-12-31T23:59:59, what %Y reads back.
    static let datetimeRange: ClosedRange<Double> =
        Double(DatetimeFormat.daysFromCivil(0, 1, 1) * 86400)...Double(DatetimeFormat.daysFromCivil(9999, 12, 31) * 86400 + 86399)

    /// "00", "01", ..., "99" back to back.
    static let digitPairs: [UInt8] = (0..<100).flatMap { [UInt8(ascii: "0") + UInt8($0 / 10), UInt8(ascii: "0") + UInt8($0 % 10)] }

    /// Writes the decimal digits of `v` (with a leading `-` when negative) so that they end just before
    /// `end`, two digits per step; returns where they start.
    @inline(__always)
    static func writeDigits(_ v: Int, endingAt end: UnsafeMutablePointer<UInt8>,
                            pairs: UnsafePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var m = v.magnitude
        var p = end
        while m >= 100 {
            let q = m / 100
            let d = Int(truncatingIfNeeded: m &- q &* 100) &* 2
            p -= 2
            p[0] = pairs[d]
            p[1] = pairs[d + 1]
            m = q
        }
        if m >= 10 {
            let d = Int(truncatingIfNeeded: m) &* 2
            p -= 2
            p[0] = pairs[d]
            p[1] = pairs[d + 1]
        } else {
            p -= 1
            p[0] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: m)
        }
        if v < 0 {
            p -= 1
            p[0] = UInt8(ascii: "-")
        }
        return p
    }

    /// A text stream over one slot: `Double.write(to:)` hands its shortest round-trip digits to
    /// `_writeASCII` from a stack buffer, so no `String` is made per number.
    struct SlotStream: TextOutputStream {
        let base: UnsafeMutablePointer<UInt8>
        let capacity: Int
        private(set) var count = 0

        init(_ base: UnsafeMutablePointer<UInt8>, capacity: Int) {
            self.base = base
            self.capacity = capacity
        }

        mutating func write(_ string: String) {
            var text = string
            text.withUTF8 { append($0) }
        }

        mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { append(buffer) }

        private mutating func append(_ buffer: UnsafeBufferPointer<UInt8>) {
            guard let source = buffer.baseAddress else { return }
            precondition(count + buffer.count <= capacity, "a number's text exceeds its \(capacity)-byte slot")
            (base + count).update(from: source, count: buffer.count)
            count += buffer.count
        }
    }
}
