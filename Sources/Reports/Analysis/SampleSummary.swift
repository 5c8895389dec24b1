import Foundation
import SynthCore

/// Mean, sample standard deviation (n − 1 denominator; nil below two values) and count of a set of
/// values, e.g. one metric over the seeds of a cell group.
package struct SampleSummary: Codable, Sendable, Equatable {
    package var mean: Double
    @NullWhenAbsent package var sd: Double?
    package var n: Int

    /// nil for no values.
    package init?<C: Collection>(_ values: C) where C.Element == Double {
        guard !values.isEmpty else { return nil }
        n = values.count
        mean = values.reduce(0, +) / Double(n)
        if n > 1 {
            let m = mean
            sd = (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)).squareRoot()
        } else {
            sd = nil
        }
    }

    package init(mean: Double, sd: Double?, n: Int) { self.mean = mean; self.sd = sd; self.n = n }

    /// The spread to draw as an error bar: sd, or 0 for a single value.
    package var errorBar: Double { sd ?? 0 }

    /// exp(mean(log x)) of positive values; nil when there are none or any is not positive.
    package static func geometricMean<C: Collection>(_ values: C) -> Double? where C.Element == Double {
        guard !values.isEmpty, values.allSatisfy({ $0 > 0 && $0.isFinite }) else { return nil }
        return exp(values.reduce(0) { $0 + log($1) } / Double(values.count))
    }
}
