/// A registered dataset's name with an optional row count, `NAME@ROWS` (`adult@976830`): the dataset
/// resized to ROWS rows (``SynthTable/Table/resized(toRows:seed:)``, a fixed seed so every run and cell
/// sees the same table). The dataset's own hold-out table, if any, is used whole. For scale runs
/// (docs/scale.md).
package struct DatasetName: Sendable, Equatable {
    package var base: String
    package var rows: Int?

    /// The seed of the resize: part of what `NAME@ROWS` means.
    package static let resizeSeed: UInt64 = 21

    package init(base: String, rows: Int?) { self.base = base; self.rows = rows }

    /// `NAME` or `NAME@ROWS` (ROWS a positive integer); anything else after `@` is kept as part of the name,
    /// so that the registry reports it as unknown.
    package init(parsing name: String) {
        if let at = name.lastIndex(of: "@"), let n = Int(name[name.index(after: at)...]), n >= 1 {
            self.init(base: String(name[..<at]), rows: n)
        } else {
            self.init(base: name, rows: nil)
        }
    }
}
