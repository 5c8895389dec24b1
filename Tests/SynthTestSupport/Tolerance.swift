import Testing

// The one family of approximate-equality helpers every test target uses (after swift-numerics' and mlx-swift's
// tests): `isClose` answers, `expectClose` records an expectation with what was compared. Each test states its
// own tolerance beside the reference value it checks.

/// |a − b| ≤ max(rel·max(|a|, |b|), abs). Equal values (equal infinities included) and two NaNs are close.
public func isClose<T: BinaryFloatingPoint>(_ a: T, _ b: T, rel: T = 0, abs absTol: T = 0) -> Bool {
    if a == b || (a.isNaN && b.isNaN) { return true }
    return Swift.abs(a - b) <= Swift.max(rel * Swift.max(Swift.abs(a), Swift.abs(b)), absTol)
}

/// As the scalar ``isClose(_:_:rel:abs:)``; two nils are close, a nil and a number are not.
public func isClose<T: BinaryFloatingPoint>(_ a: T?, _ b: T?, rel: T = 0, abs absTol: T = 0) -> Bool {
    switch (a, b) {
    case (nil, nil): true
    case (let x?, let y?): isClose(x, y, rel: rel, abs: absTol)
    default: false
    }
}

/// Elementwise ``isClose(_:_:rel:abs:)`` over arrays of the same length.
public func isClose<T: BinaryFloatingPoint>(_ a: [T], _ b: [T], rel: T = 0, abs absTol: T = 0) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { isClose($0, $1, rel: rel, abs: absTol) }
}

/// Expects `actual` and `expected` to have the same length and to agree elementwise within
/// `relative · max(floor, |expected|)`: relative error for large values, absolute error `relative · floor`
/// near zero. One expectation names the worst element.
public func expectClose(_ actual: [Float], _ expected: [Float], relative: Float, floor: Float = 1,
                        _ what: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, "\(what): \(actual.count) values, expected \(expected.count)",
            sourceLocation: sourceLocation)
    var worst: (index: Int, error: Float)? = nil
    for (i, (a, e)) in zip(actual, expected).enumerated() {
        let error = Swift.abs(a - e) / Swift.max(floor, Swift.abs(e))
        if !(error <= relative), worst == nil || !(error <= worst!.error) { worst = (i, error) }
    }
    if let (i, error) = worst {
        Issue.record("\(what)[\(i)]: \(actual[i]) vs \(expected[i]), relative error \(error) > \(relative)",
                     sourceLocation: sourceLocation)
    }
}

/// Expects a whole vector (a gradient) to agree with `expected` in norm, ‖actual − expected‖ ≤ relative·‖expected‖,
/// and every element within `4 · relative · max|expected|` (both up to 1e-12 absolute).
public func expectClose(_ actual: [Float], _ expected: [Float], normRelative relative: Double, _ what: String = "",
                        sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, "\(what): \(actual.count) vs \(expected.count) values",
            sourceLocation: sourceLocation)
    var diff = 0.0, norm = 0.0, largest = 0.0, worst = 0.0
    for (x, y) in zip(actual, expected) {
        diff += Double(x - y) * Double(x - y); norm += Double(y) * Double(y)
        largest = Swift.max(largest, Double(Swift.abs(y))); worst = Swift.max(worst, Double(Swift.abs(x - y)))
    }
    #expect(diff.squareRoot() <= relative * norm.squareRoot() + 1e-12,
            "\(what): ‖Δ‖ \(diff.squareRoot()) vs ‖e‖ \(norm.squareRoot())", sourceLocation: sourceLocation)
    #expect(worst <= 4 * relative * largest + 1e-12, "\(what): largest |Δ| \(worst), largest |e| \(largest)",
            sourceLocation: sourceLocation)
}
