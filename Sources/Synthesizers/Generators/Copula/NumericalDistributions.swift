import Foundation
import SynthMath

/// SDV's `numerical_distributions` written as text, `column:family,column:family` (for example
/// `age:gamma,fnlwgt:norm`): which univariate family a column's marginal uses instead of the default.
/// A column name may contain `:` (the last one separates the family); it may not contain `,`.
public struct NumericalDistributions: Sendable, Equatable {
    /// Column -> family, in the order written.
    public let entries: [(column: String, family: DistributionFamily)]

    public static func == (a: Self, b: Self) -> Bool {
        a.entries.map(\.column) == b.entries.map(\.column) && a.entries.map(\.family) == b.entries.map(\.family)
    }

    public init(_ entries: [(column: String, family: DistributionFamily)]) { self.entries = entries }

    /// Parses the text form; `columns` are the table's columns, each name must be one of them
    /// (SDV: "Invalid column names found in the numerical_distributions dictionary").
    public static func parse(_ text: String, columns: [String], method: String = "gc",
                             parameter: String = "numerical_distributions") throws(SynthesisError) -> NumericalDistributions {
        func bad(_ why: String) -> SynthesisError {
            .invalidParameter(method: method, name: parameter, value: text, requirement: why)
        }
        let families = DistributionFamily.allCases.map(\.rawValue).joined(separator: ", ")
        var entries: [(String, DistributionFamily)] = []
        var seen = Set<String>()
        for rawItem in text.split(separator: ",", omittingEmptySubsequences: false) {
            let item = rawItem.trimmingCharacters(in: .whitespaces)
            if item.isEmpty {
                if text.trimmingCharacters(in: .whitespaces).isEmpty { break }
                throw bad("an entry is empty; write column:family pairs separated by commas, e.g. age:gamma,fnlwgt:norm")
            }
            guard let colon = item.lastIndex(of: ":") else {
                throw bad("entry '\(item)' has no ':'; write column:family, e.g. age:gamma")
            }
            let column = item[..<colon].trimmingCharacters(in: .whitespaces)
            let name = item[item.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !column.isEmpty else { throw bad("entry '\(item)' names no column") }
            guard let family = DistributionFamily(sdvName: name) else {
                throw bad("unknown distribution '\(name)' for column '\(column)'; choose one of \(families)")
            }
            guard columns.contains(column) else {
                throw bad("column '\(column)' is not in the table (columns: \(columns.joined(separator: ", ")))")
            }
            guard seen.insert(column).inserted else { throw bad("column '\(column)' is given twice") }
            entries.append((column, family))
        }
        return NumericalDistributions(entries)
    }

    public func family(for column: String) -> DistributionFamily? {
        entries.first { $0.column == column }?.family
    }

    /// The text form (`column:family,...`).
    public var text: String { entries.map { "\($0.column):\($0.family.rawValue)" }.joined(separator: ",") }
}
