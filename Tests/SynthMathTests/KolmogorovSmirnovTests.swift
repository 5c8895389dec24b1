import Foundation
import Testing
@testable import SynthMath
import SynthTestSupport

/// Two-sample KS test and the Kolmogorov distributions against scipy.stats.ks_2samp, kstwo and kstwobign
/// (scipy 1.17.1). The two-sample cases and method overrides come from `scripts/reference/ks_2samp.py`.
@Suite struct KolmogorovSmirnovTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let x: [Double], y: [Double]
        let statistic: Double, pValue: Double, location: Double, sign: Int
        let method: KolmogorovSmirnov.Method
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "ties, exact, 9 vs 7", x: [1, 2, 2, 3, 4, 5, 5, 5, 6], y: [2, 2, 3, 3, 3, 7, 8],
             statistic: 0.2857142857142857, pValue: 0.8276223776223776, location: 6.0, sign: 1, method: .exact),
        Case(name: "one value each", x: [1], y: [2],
             statistic: 1.0, pValue: 1.0, location: 1.0, sign: 1, method: .exact),
        Case(name: "equal sizes 40, exact", x: StatTest.lattice(40, 17, 101), y: StatTest.lattice(40, 23, 103, shift: 0.15),
             statistic: 0.25, pValue: 0.16497269950224194, location: 0.5643564356435643, sign: 1, method: .exact),
        Case(name: "lattice ties 60 vs 45", x: StatTest.lattice(60, 7, 13), y: StatTest.lattice(45, 5, 11, shift: 0.05),
             statistic: 0.1388888888888889, pValue: 0.660636666399828, location: 0.23076923076923078, sign: 1, method: .exact),
        Case(name: "300 vs 457, exact", x: StatTest.lattice(300, 37, 1009), y: StatTest.lattice(457, 53, 1013, scale: 1.1, shift: 0.02),
             statistic: 0.11159737417943107, pValue: 0.01988856206679889, location: 0.9970267591674926, sign: 1, method: .exact),
        Case(name: "small exact p", x: StatTest.lattice(200, 31, 997), y: StatTest.lattice(250, 41, 991, shift: 0.3),
             statistic: 0.336, pValue: 1.311127399219101e-11, location: 0.31093279839518556, sign: 1, method: .exact),
        Case(name: "12000 vs 15000, asymptotic (Pelz-Good)",
             x: StatTest.lattice(12000, 7919, 104729), y: StatTest.lattice(15000, 6007, 104723, shift: 0.01),
             statistic: 0.010233333333333334, pValue: 0.4843442279987593, location: 0.013386931986364809, sign: 1,
             method: .asymptotic),
        Case(name: "12000 vs 15000, asymptotic (Smirnov)",
             x: StatTest.lattice(12000, 7919, 104729), y: StatTest.lattice(15000, 6007, 104723, shift: 0.05),
             statistic: 0.05028333333333329, pValue: 4.334752883110561e-15, location: 0.38937639049355954, sign: 1,
             method: .asymptotic),
        Case(name: "32k vs 32k, asymptotic (Durbin matrix)",
             x: StatTest.lattice(32768, 7919, 65521), y: StatTest.lattice(32768, 104729, 65519, shift: 0.001),
             statistic: 0.001373291015625, pValue: 0.9999999999999999, location: 0.4845469391492804, sign: 1,
             method: .asymptotic),
        Case(name: "32k vs 32k, asymptotic (Pelz-Good)",
             x: StatTest.lattice(32768, 7919, 65521), y: StatTest.lattice(32768, 104729, 65519, shift: 0.004),
             statistic: 0.004364013671875, pValue: 0.9125424232271613, location: 0.4776636498221944, sign: 1,
             method: .asymptotic),
    ]

    @Test(arguments: cases)
    func matchesScipy(_ c: Case) throws {
        let r = try KolmogorovSmirnov.twoSample(c.x, c.y)
        #expect(isClose(r.statistic, c.statistic, rel: 1e-15))
        #expect(isClose(r.pValue, c.pValue, rel: c.method == .exact ? 1e-13 : 1e-12))
        #expect(r.statisticLocation == c.location)
        #expect(r.statisticSign == c.sign)
        #expect(r.method == c.method)
        // The statistic alone (no p-value path) is the same D on every case.
        #expect(isClose(try KolmogorovSmirnov.statistic(c.x, c.y), r.statistic, rel: 1e-15))
    }

    @Test func swappedSamplesFlipTheSign() throws {
        let x: [Double] = [1, 2, 2, 3, 4, 5, 5, 5, 6], y: [Double] = [2, 2, 3, 3, 3, 7, 8]
        let r = try KolmogorovSmirnov.twoSample(y, x)
        #expect(r.statisticSign == -1 && r.statisticLocation == 6)
        #expect(isClose(r.pValue, 0.8276223776223776, rel: 1e-12))
    }

    @Test func methodOverrides() throws {
        // scipy: ks_2samp(..., method='asymp') on the 300 vs 457 case; method='exact' on 12000 vs 15000.
        let medium = try KolmogorovSmirnov.twoSample(StatTest.lattice(300, 37, 1009),
                                                     StatTest.lattice(457, 53, 1013, scale: 1.1, shift: 0.02),
                                                     method: .asymptotic)
        #expect(medium.method == .asymptotic)
        #expect(isClose(medium.pValue, 0.02030636569271348, rel: 1e-12))
        let large = try KolmogorovSmirnov.twoSample(StatTest.lattice(12000, 7919, 104729),
                                                    StatTest.lattice(15000, 6007, 104723, shift: 0.01), method: .exact)
        #expect(large.method == .exact)
        #expect(isClose(large.pValue, 0.4844499454484251, rel: 1e-12))
    }

    @Test func nanIsDroppedAndEmptyThrows() throws {
        let withNaN = try KolmogorovSmirnov.twoSample([1, .nan, 2, 2, 3, 4, 5, 5, 5, 6, .nan], [2, 2, 3, 3, 3, 7, 8, .nan])
        #expect(isClose(withNaN.pValue, 0.8276223776223776, rel: 1e-12))
        #expect(withNaN.sizes == (9, 7))
        #expect(throws: StatisticsError.emptySample("first sample")) { try KolmogorovSmirnov.twoSample([], [1, 2]) }
        #expect(throws: StatisticsError.emptySample("second sample")) { try KolmogorovSmirnov.twoSample([1], [.nan, .nan]) }
    }

    @Test func constantAndInfiniteSamples() throws {
        // scipy: ks_2samp([1,1,1],[1,1,1]) -> (0, 1); ks_2samp([3,3],[3,3,3,5]) -> D = 0.25.
        let same = try KolmogorovSmirnov.twoSample([1, 1, 1], [1, 1, 1])
        #expect(same.statistic == 0 && same.pValue == 1)
        #expect(try KolmogorovSmirnov.statistic([3, 3], [3, 3, 3, 5]) == 0.25)
        // scipy: ks_2samp([-inf, 0, inf], [0, 1, 2]) -> D = 1/3 (rounded to h/lcm), location 2.0, sign -1.
        let withInfinity = try KolmogorovSmirnov.twoSample([-.infinity, 0, .infinity], [0, 1, 2])
        #expect(withInfinity.statistic == 0.3333333333333333 && withInfinity.pValue == 1)
        #expect(withInfinity.statisticLocation == 2 && withInfinity.statisticSign == -1)
    }

    static let kstwoSurvival: [(Int, Double, Double)] = [
        (1, 0.3, 1.0), (1, 0.7, 0.6000000000000001), (5, 0.15, 0.9988), (5, 0.3, 0.664),
        (5, 0.45, 0.19399374999999963), (5, 0.6, 0.03008000000000001), (5, 0.85, 0.0001518750000000001),
        (50, 0.1, 0.6623112704658186), (50, 0.2, 0.03143877776953241), (50, 0.35, 5.573523514803185e-06),
        (140, 0.05, 0.8576480297656114), (140, 0.12, 0.03252638258561632), (141, 0.12, 0.03160060527758468),
        (200, 0.004, 1.0), (1000, 0.01, 0.9999496745370611), (1000, 0.03, 0.3226902143914636),
        (1000, 0.06, 0.001428597887952891), (1000, 0.7, 0.0), (1000, 0.999, 0.0), (16000, 0.001, 1.0),
        (16000, 0.005, 0.8166736195286137), (16000, 0.02, 5.443175287683208e-06),
        (200000, 0.002, 0.39995085369038097), (200000, 0.004, 0.003314212822560255),
        (2000000, 0.001, 0.03660662431970485), (2000000, 0.0015, 0.00024657290508461606),
    ]

    static let kstwoCDF: [(Int, Double, Double)] = [
        (1, 0.3, 0.0), (1, 0.7, 0.3999999999999999), (5, 0.15, 0.0012000000000000005), (5, 0.3, 0.33599999999999997),
        (5, 0.45, 0.8060062500000004), (5, 0.6, 0.96992), (5, 0.85, 0.999848125), (50, 0.1, 0.3376887295341814),
        (50, 0.2, 0.9685612222304676), (50, 0.35, 0.9999944264764852), (140, 0.05, 0.14235197023438867),
        (140, 0.12, 0.9674736174143836), (141, 0.12, 0.9683993947224153), (200, 0.004, 2.0947856200911138e-130),
        (1000, 0.01, 5.032546293896392e-05), (1000, 0.03, 0.6773097856085364), (1000, 0.06, 0.998571401884381),
        (1000, 0.7, 1.0), (1000, 0.999, 1.0), (16000, 0.001, 2.9900018609877767e-32),
        (16000, 0.005, 0.18332638047138622), (16000, 0.02, 0.9999945568258272), (200000, 0.002, 0.600049146309619),
        (200000, 0.004, 0.9966857871924534), (2000000, 0.001, 0.9633933756802951),
        (2000000, 0.0015, 0.9997534279512358),
    ]

    /// Every branch of scipy's _kolmogn: Ruben-Gambino (both ends), Durbin matrix, Pomeranz, Smirnov's
    /// sum (n ≤ 10⁶ and the n > 10⁶ approximation), Pelz-Good.
    @Test func kstwoSurvivalMatchesScipy() {
        for (n, x, expected) in Self.kstwoSurvival {
            let got = KolmogorovDistribution.survival(x, n: n)
            #expect(isClose(got, expected, rel: 1e-12, abs: 1e-300), "kstwo.sf(\(x), \(n)) = \(got), scipy \(expected)")
        }
    }

    @Test func kstwoCDFMatchesScipy() {
        for (n, x, expected) in Self.kstwoCDF {
            let got = KolmogorovDistribution.cdf(x, n: n)
            #expect(isClose(got, expected, rel: 1e-12, abs: 1e-300), "kstwo.cdf(\(x), \(n)) = \(got), scipy \(expected)")
        }
    }

    @Test func limitingDistributionMatchesScipy() {
        let cases: [(Double, Double)] = [
            (0.03, 1.0), (0.3, 0.9999906941986655), (0.5, 0.9639452436648751), (0.82, 0.5119717052984973),
            (0.9, 0.3927307079406543), (1.36, 0.049485876755377876), (2.5, 7.453306344157342e-06),
            (5.0, 3.8574996959278356e-22),
        ]
        for (x, expected) in cases {
            #expect(isClose(KolmogorovDistribution.limitingSurvival(x), expected, rel: 1e-13))
        }
        #expect(KolmogorovDistribution.limitingSurvival(.nan).isNaN)
        #expect(KolmogorovDistribution.survival(.nan, n: 5).isNaN && KolmogorovDistribution.survival(0.5, n: 0).isNaN)
    }

    @Test func criticalValue() throws {
        #expect(isClose(try KolmogorovSmirnov.criticalCoefficient(alpha: 0.05), 1.3581015157406195, rel: 1e-15))
        #expect(isClose(try KolmogorovSmirnov.criticalValue(alpha: 0.001, sizes: 100, 150), 0.25167608910962785, rel: 1e-15))
        #expect(throws: StatisticsError.self) { try KolmogorovSmirnov.criticalValue(alpha: 0, sizes: 10, 10) }
        #expect(throws: StatisticsError.self) { try KolmogorovSmirnov.criticalValue(alpha: 0.05, sizes: 0, 10) }
    }
}
