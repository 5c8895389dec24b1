import Foundation

/// scipy.stats' penalised negative log-likelihood (`rv_continuous._penalized_nnlf`), the objective of its
/// generic `fit`: with z = (x − loc)/scale, points outside the standard support and points whose log-density
/// is not finite each add log(DBL_MAX)·100 instead of their log-density, and n·log(scale) is added. It is +∞
/// when the shape check fails or scale ≤ 0.
enum PenalizedLikelihood {
    /// log(DBL_MAX), scipy's `_LOGXMAX`.
    static let logMaxDouble = log(Double.greatestFiniteMagnitude)

    /// - Parameters:
    ///   - support: the standard support, closed at both ends (scipy's `_support_mask`).
    ///   - logDensity: the standard log-density of z (may return ±∞ or NaN at the edges).
    @inline(__always)
    static func value(_ data: UnsafeBufferPointer<Double>, loc: Double, scale: Double,
                      support: ClosedRange<Double>, logDensity: (Double) -> Double) -> Double {
        guard scale > 0 else { return .infinity }
        var total = 0.0
        var bad = 0
        for x in data {
            let z = (x - loc) / scale
            guard support.contains(z) else { bad += 1; continue }
            let l = logDensity(z)
            if l.isFinite { total += l } else { bad += 1 }
        }
        return (-total + Double(bad) * logMaxDouble * 100) + Double(data.count) * log(scale)
    }

    /// scipy's `xlogy(c, y)`: 0 when c == 0 (even at y == 0), else c·log(y).
    @inline(__always)
    static func xlogy(_ c: Double, _ y: Double) -> Double { c == 0 && !y.isNaN ? 0 : c * log(y) }

    /// scipy's `xlog1py(c, y)`: 0 when c == 0, else c·log1p(y).
    @inline(__always)
    static func xlog1py(_ c: Double, _ y: Double) -> Double { c == 0 && !y.isNaN ? 0 : c * log1p(y) }
}
