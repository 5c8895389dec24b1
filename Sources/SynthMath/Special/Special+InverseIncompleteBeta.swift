import Foundation

extension Special {
    /// The inverse of the regularised incomplete beta function: the x in [0, 1] with I_x(a, b) = p.
    ///
    /// Start: the Abramowitz–Stegun 26.5.22 normal approximation for a, b ≥ 1, otherwise the power-law
    /// tails of the density near 0 and 1 (as in Numerical Recipes' `invbetai`). Then Halley steps on
    /// f(x) = I_x(a, b) − p, kept inside a bracket that shrinks with every residual sign and replaced by
    /// bisection whenever a step leaves it. The solve runs on the half where the solution lies (compared with
    /// I_½(a, b)): below ½ for x itself, above ½ for y = 1 − x with I_y(b, a) = 1 − p, so a solution next to
    /// either end keeps its full relative precision. Relative accuracy about 1e-14 (checked against scipy
    /// `betaincinv` in `InverseSpecialFunctionsTests`). Returns NaN for a ≤ 0, b ≤ 0 or p outside [0, 1].
    /// For many p with one (a, b), ``InverseRegularizedBeta`` gives the same values faster.
    public static func inverseRegularizedBeta(_ a: Double, _ b: Double, _ p: Double) -> Double {
        if a.isNaN || b.isNaN || p.isNaN || a <= 0 || b <= 0 || p < 0 || p > 1 { return .nan }
        if p == 0 { return 0 }
        if p == 1 { return 1 }
        return InverseRegularizedBeta(validA: a, b).value(p)
    }

    /// ``Special/inverseRegularizedBeta(_:_:_:)`` for one (a, b) and many p: log B(a, b) and I_½(a, b), which
    /// every inversion needs (the second is one continued fraction, the first three log Γ), are computed once
    /// instead of once per call and once per Halley step. The arithmetic of each inversion is otherwise the
    /// same, operation for operation, so every value is bit for bit the one-call function's (a quantile
    /// table's exact tail, ``BetaDistribution/ppf(_:)``, depends on that: `BetaPPFBitIdentityTests`).
    public struct InverseRegularizedBeta: Sendable, Equatable {
        public let a: Double
        public let b: Double
        /// log B(a, b) = log B(b, a) (``Special/logBeta(_:_:)`` is symmetric bit for bit: it orders its
        /// arguments first).
        let logBetaAB: Double
        /// I_½(a, b): a p above it has its solution above ½.
        let halfCDF: Double

        /// Valid shapes only (a, b > 0, not NaN): the callers check them.
        init(validA a: Double, _ b: Double) {
            self.a = a; self.b = b
            logBetaAB = Special.logBeta(a, b)
            halfCDF = Special.regularizedBeta(a, b, 0.5, logBetaAB: logBetaAB)
        }

        /// The inverter for shapes a, b; nil unless both are positive.
        public init?(a: Double, b: Double) {
            guard a > 0, b > 0 else { return nil }
            self.init(validA: a, b)
        }

        /// The x in [0, 1] with I_x(a, b) = p; NaN for p outside [0, 1].
        public func value(_ p: Double) -> Double {
            var solve: LowerHalfSolve
            switch start(p) {
            case .done(let x): return x
            case .solving(let s): solve = s
            }
            while true {
                let term = solve.residualTerm(logBetaAB: logBetaAB)
                let value = term.immediate
                    ?? term.value(continuedFraction: Special.betaContinuedFraction(term.a, term.b, term.x))
                if let x = solve.advance(incompleteBeta: value) { return x }
            }
        }

        /// `value` of every p, four inversions at a time: their Halley steps' continued fractions run as the
        /// lanes of one ``Special/betaContinuedFractions(_:_:_:)``, so their chains of divisions overlap.
        /// Each inversion makes exactly `value`'s steps, so every value is bit for bit `value(p)`.
        public func values(_ ps: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
            precondition(out.count >= ps.count, "output has \(out.count) slots for \(ps.count) values")
            // The lanes' solves and terms in fixed storage (optionals in arrays cost about a tenth of the time).
            withUnsafeTemporaryAllocation(of: LowerHalfSolve.self, capacity: 4) { solves in
                withUnsafeTemporaryAllocation(of: Special.IncompleteBetaTerm?.self, capacity: 4) { terms in
                    solves.initialize(repeating: LowerHalfSolve(a, b, 0.5, 0.5, logBetaAB: logBetaAB, upper: false))
                    terms.initialize(repeating: nil)
                    var live = SIMD4<Int64>(repeating: 0), slots = SIMD4<Int64>(repeating: 0)
                    var next = 0
                    while true {
                        // Fill the free lanes; the inversions that need no step are written at once.
                        for lane in 0..<4 where live[lane] == 0 {
                            while next < ps.count {
                                let i = next
                                next += 1
                                switch start(ps[i]) {
                                case .done(let x): out[i] = x; continue
                                case .solving(let s): solves[lane] = s; slots[lane] = Int64(i); live[lane] = 1
                                }
                                break
                            }
                        }
                        if live == SIMD4(repeating: 0) { return }
                        var a = SIMD4<Double>(), b = SIMD4<Double>(), x = SIMD4<Double>()
                        var model = -1
                        for lane in 0..<4 {
                            guard live[lane] != 0 else { terms[lane] = nil; continue }
                            let term = solves[lane].residualTerm(logBetaAB: logBetaAB)
                            terms[lane] = term
                            if term.immediate == nil {
                                a[lane] = term.a; b[lane] = term.b; x[lane] = term.x
                                if model < 0 { model = lane }
                            }
                        }
                        // Idle lanes repeat a working lane's fraction (its value is not used).
                        if model >= 0 {
                            for lane in 0..<4 where terms[lane]?.immediate != nil || terms[lane] == nil {
                                a[lane] = a[model]; b[lane] = b[model]; x[lane] = x[model]
                            }
                        }
                        let fractions = model >= 0 ? Special.betaContinuedFractions(a, b, x) : SIMD4<Double>()
                        for lane in 0..<4 {
                            guard let term = terms[lane] else { continue }
                            let value = term.immediate ?? term.value(continuedFraction: fractions[lane])
                            if let result = solves[lane].advance(incompleteBeta: value) {
                                out[Int(slots[lane])] = result
                                live[lane] = 0
                            }
                        }
                    }
                }
            }
        }

        /// An inversion that is finished before any Halley step, or its solve.
        enum Start { case done(Double), solving(LowerHalfSolve) }

        /// `Special.inverseRegularizedBeta`'s checks, the half the solution lies in, and the solve's start.
        func start(_ p: Double) -> Start {
            if p.isNaN || p < 0 || p > 1 { return .done(.nan) }
            if p == 0 { return .done(0) }
            if p == 1 { return .done(1) }
            let q = 1 - p
            let upper = p > halfCDF
            let solve = upper
                ? LowerHalfSolve(b, a, q, p, logBetaAB: logBetaAB, upper: true)
                : LowerHalfSolve(a, b, p, q, logBetaAB: logBetaAB, upper: false)
            if let x = solve.finished { return .done(upper ? 1 - x : x) }
            return .solving(solve)
        }
    }

    /// Solves I_x(a, b) = p for a solution known to lie in (0, ½], given q = 1 − p and log B(a, b) as well,
    /// one Halley step per residual (`residualTerm`, then `advance` with the incomplete beta's value).
    /// The residual is I_x(a, b) − p (absolute error ≈ εp) unless p > ½ and the density is below 1, where
    /// q − I_{1−x}(b, a) (absolute error ≈ εq + density·ulp(1 − x)) resolves x better. With `upper` the solve
    /// is for y = 1 − x of the caller's problem, and the result it hands back is 1 − y.
    struct LowerHalfSolve {
        let a: Double, b: Double, p: Double, q: Double, logBetaAB: Double, upper: Bool
        /// Set when the solution is known before any step (below the smallest subnormal: 0).
        var finished: Double?
        var x = 0.0, lo = 0.0, hi = 0.5
        var steps = 0
        /// The current step's log density and residual form.
        var logDensity = 0.0, lowerResidual = true

        init(_ a: Double, _ b: Double, _ p: Double, _ q: Double, logBetaAB: Double, upper: Bool) {
            self.a = a; self.b = b; self.p = p; self.q = q; self.logBetaAB = logBetaAB; self.upper = upper
            // Small x: I_x(a, b) = x^a / (a B(a, b)) · (1 + O(x)). A solution below the smallest subnormal is 0.
            if (log(p * a) + logBetaAB) / a < log(Double.leastNonzeroMagnitude) { finished = 0; return }
            var x: Double
            if a >= 1, b >= 1 {
                // A&S 26.5.22 with the upper normal deviate y = Φ⁻¹(1 − p).
                let y = p <= 0.5 ? -normalQuantile(p) : normalQuantile(q)
                let lambda = (y * y - 3) / 6
                let h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1))
                let w = y * (h + lambda).squareRoot() / h
                    - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (lambda + 5.0 / 6 - 2 / (3 * h))
                x = a / (a + b * exp(2 * w))
            } else {
                // Near 0, I_x ≈ x^a / (a B); near 1, 1 − I_x ≈ (1 − x)^b / (b B). Split the mass between the two.
                let logT = a * log(a / (a + b)) - log(a), logU = b * log(b / (a + b)) - log(b)
                let wLow = 1 / (1 + exp(logU - logT))  // t / (t + u)
                let logW = logT - log(wLow)
                x = p < wLow ? exp((log(a * p) + logW) / a) : 1 - exp((log(b * q) + logW) / b)
            }
            if !(x > 0 && x < hi) { x = 0.25 }
            self.x = x
        }

        /// The incomplete beta the current step's residual needs: I_x(a, b), or I_{1−x}(b, a) (see the type).
        mutating func residualTerm(logBetaAB: Double) -> Special.IncompleteBetaTerm {
            // x is in (0, ½): log x and log(1 − x) serve both the density and, on the first form, I_x.
            let logX = log(x), log1mX = log1p(-x)
            logDensity = (a - 1) * logX + (b - 1) * log1mX - logBetaAB
            lowerResidual = p <= 0.5 || logDensity >= 0
            if lowerResidual {
                return Special.IncompleteBetaTerm(a, b, x, logX: logX, log1mX: log1mX, logBetaAB: logBetaAB)
            }
            let y = 1 - x
            return Special.IncompleteBetaTerm(b, a, y, logX: log(y), log1mX: log1p(-y), logBetaAB: logBetaAB)
        }

        /// One Halley step with the incomplete beta `residualTerm` asked for; the caller's solution when the
        /// solve ends (1 − x when `upper`), else nil.
        mutating func advance(incompleteBeta value: Double) -> Double? {
            guard let x = step(value) else { return nil }
            return upper ? 1 - x : x
        }

        private mutating func step(_ value: Double) -> Double? {
            let f = lowerResidual ? value - p : q - value
            if f == 0 { return x }
            if f < 0 { lo = x } else { hi = x }
            let u = f / exp(logDensity)
            let curvature = (a - 1) / x - (b - 1) / (1 - x)
            var step = u / (1 - 0.5 * min(1, u * curvature))
            if !step.isFinite { step = u }
            if abs(step) <= 1e-15 * x { return max(lo, min(hi, x - step)) }
            var next = x - step
            if !(next > lo && next < hi) || !next.isFinite {
                next = hi / lo > 4 && lo > 0 ? (lo * hi).squareRoot() : (lo == 0 ? hi * 1e-4 : 0.5 * (lo + hi))
            }
            if hi - lo <= 4 * hi.ulp { return next }
            x = next
            steps += 1
            return steps == 300 ? x : nil
        }
    }
}
