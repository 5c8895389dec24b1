import Foundation
import SynthMath

/// The numerical-noise helper: an epsilon-DP release of a column's sum or mean by the Laplace mechanism,
/// only with bounds the user declares.
///
/// Values are clipped into the declared `[low, high]`; with neighbouring tables that differ in one row's
/// value (the row count is public) the sum's sensitivity is `high - low` and the mean's `(high - low) / n`;
/// the release adds `Laplace(0, sensitivity / epsilon)`. Bounds taken from the data are refused: they
/// depend on individual records (the extremes are often one person's value), are themselves an un-noised
/// query, and make the noise scale a function of the data, so the release would not be DP (diffprivlib's
/// `PrivacyLeakWarning`, SynthCity #278).
public enum LaplaceRelease {
    public enum Statistic: String, Sendable { case sum, mean }

    /// Where the clipping bounds come from.
    public enum Bounds: Sendable, Equatable {
        /// Bounds the user knows without looking at the data (a domain fact, a published range).
        case declared(low: Double, high: Double)
        /// The data's own minimum and maximum: refused.
        case fromData
    }

    /// The noised statistic and the Laplace scale used.
    public static func release(_ values: [Double], statistic: Statistic, bounds: Bounds, epsilon: Double,
                               rng: inout RandomStream) throws(SynthesisError) -> (value: Double, scale: Double) {
        guard case .declared(let low, let high) = bounds else {
            throw .invalidParameter(
                method: "laplace", name: "bounds", value: "taken from the data",
                requirement: "must be declared by the user: bounds read from the data depend on individual records "
                    + "and are an un-noised query, so the release would not be differentially private")
        }
        guard low.isFinite, high.isFinite, low < high else {
            throw .invalidParameter(method: "laplace", name: "bounds", value: "[\(low), \(high)]",
                                    requirement: "must be finite with low < high")
        }
        guard epsilon > 0, epsilon.isFinite else {
            throw .invalidParameter(method: "laplace", name: "epsilon", value: "\(epsilon)", requirement: "must be positive")
        }
        guard !values.isEmpty else { throw .invalidData("a Laplace release needs at least one value") }
        let clipped = values.reduce(0) { $0 + Swift.min(Swift.max($1, low), high) }
        let n = Double(values.count)
        let (exact, sensitivity) = statistic == .sum ? (clipped, high - low) : (clipped / n, (high - low) / n)
        let scale = sensitivity / epsilon
        return (exact + rng.nextLaplace(scale: scale), scale)
    }
}

extension RandomStream {
    /// A draw from Laplace(0, scale) by inversion.
    mutating func nextLaplace(scale: Double) -> Double {
        let u = nextOpenDouble() - 0.5
        return -scale * (u < 0 ? -1 : 1) * Foundation.log(1 - 2 * Swift.abs(u))
    }
}
