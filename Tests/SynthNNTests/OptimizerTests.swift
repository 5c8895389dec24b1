import Foundation
import Testing
@testable import SynthNN
import SynthTestSupport

/// Optimizer steps against PyTorch 2.15 (`torch.optim`, CPU float32): a parameter `p_i = 0.5 cos i`
/// (i < 6) receives gradients `g_i(t) = sin(i + 3t) (t + 1)` for three steps; the expected rows are the
/// parameter after each step, printed by PyTorch. SGD is compared exactly (bit-identical updates); Adam and
/// AdamW within `Tolerance.float32` (ATen fuses its lerp and addcmul into FMA instructions).
@Suite("Optimizers against PyTorch")
struct OptimizerTests {
    static func run(_ make: ([Tensor]) -> any Optimizer) -> [[Float]] {
        let p = Tensor(vector: (0..<6).map { Float(0.5 * cos(Double($0))) })
        p.requiresGrad = true
        let opt = make([p])
        var out: [[Float]] = []
        for t in 0..<3 {
            opt.zeroGrad()
            p.setGrad(Tensor(vector: (0..<6).map { Float(sin(Double($0 + 3 * t)) * Double(t + 1)) }))
            opt.step()
            out.append(p.toArray())
        }
        return out
    }

    static func check(_ name: String, _ make: ([Tensor]) -> any Optimizer, tolerance: Float = Tolerance.float32,
                      _ expected: [[Float]], sourceLocation: SourceLocation = #_sourceLocation) {
        for (t, (a, e)) in zip(run(make), expected).enumerated() {
            expectClose(a, e, relative: tolerance, "\(name) step \(t + 1)", sourceLocation: sourceLocation)
        }
    }

    @Test func sgd() {
        Self.check("SGD lr 0.1", { SGD($0, learningRate: 0.1) }, tolerance: Tolerance.exact, [
            [0.5, 0.18600404262542725, -0.29900315403938293, -0.5091082453727722, -0.2511415481567383, 0.23772352933883667],
            [0.47177600860595703, 0.3373645544052124, -0.10721829533576965, -0.45322513580322266, -0.3825388550758362, 0.039851877838373184],
            [0.555600643157959, 0.14026857912540436, -0.4040257930755615, -0.5768606662750244, -0.2193325161933899, 0.33984893560409546],
        ])
        Self.check("SGD momentum", { SGD($0, learningRate: 0.1, momentum: 0.9, dampening: 0.1, weightDecay: 0.01) },
                   tolerance: Tolerance.exact, [
            [0.49950000643730164, 0.1857338845729828, -0.29879510402679443, -0.5086132287979126, -0.2508147358894348, 0.23758170008659363],
            [0.47319886088371277, 0.24581566452980042, -0.20756931602954865, -0.47011598944664, -0.3004402220249176, 0.14545893669128418],
            [0.5245441198348999, 0.12228164076805115, -0.39240601658821106, -0.5463173389434814, -0.19794705510139465, 0.3324148952960968],
        ])
        Self.check("SGD Nesterov", { SGD($0, learningRate: 0.05, momentum: 0.9, nesterov: true) }, tolerance: Tolerance.exact, [
            [0.5, 0.19021140038967133, -0.29445669054985046, -0.5084026455879211, -0.25492557883262634, 0.23292890191078186],
            [0.4731872081756592, 0.2999243140220642, -0.14908762276172638, -0.461029052734375, -0.34910252690315247, 0.08378726989030838],
            [0.5413898825645447, 0.14331252872943878, -0.3865257501602173, -0.5609939694404602, -0.21968697011470795, 0.32359927892684937],
        ])
    }

    @Test func adam() {
        Self.check("Adam defaults", { Adam($0) }, [
            [0.5, 0.26915115118026733, -0.20907342433929443, -0.49599623680114746, -0.32582181692123413, 0.14283110201358795],
            [0.49925586581230164, 0.26947614550590515, -0.2086879163980484, -0.49543869495391846, -0.3261324167251587, 0.14245349168777466],
            [0.499677836894989, 0.2691619098186493, -0.20903436839580536, -0.49583572149276733, -0.3258276581764221, 0.1427963525056839],
        ])
        Self.check("Adam as CTGAN", { Adam($0, learningRate: 2e-4, betas: (0.5, 0.9), weightDecay: 1e-6) }, [
            [0.49980393052101135, 0.26995113492012024, -0.20827342569828033, -0.49519625306129456, -0.32662180066108704, 0.14203110337257385],
            [0.49962013959884644, 0.270068496465683, -0.20814554393291473, -0.49504008889198303, -0.3267366290092468, 0.1419045776128769],
            [0.4997691810131073, 0.2699635326862335, -0.20826320350170135, -0.4951782524585724, -0.3266353905200958, 0.1420208066701889],
        ])
        Self.check("Adam with L2", { Adam($0, learningRate: 1e-2, weightDecay: 0.1) }, [
            [0.49000000953674316, 0.2601511478424072, -0.21807342767715454, -0.5049962401390076, -0.316821813583374, 0.15183110535144806],
            [0.48164230585098267, 0.2632012367248535, -0.214096799492836, -0.49863332509994507, -0.3196476399898529, 0.1479736864566803],
            [0.485003262758255, 0.2599017024040222, -0.21747010946273804, -0.5020371675491333, -0.316374808549881, 0.1513403207063675],
        ])
    }

    @Test func adamW() {
        Self.check("AdamW as TabDDPM", { AdamW($0, learningRate: 2e-3, weightDecay: 1e-4) }, [
            [0.49999991059303284, 0.26815107464790344, -0.21007339656352997, -0.4969961643218994, -0.32482174038887024, 0.1438310742378235],
            [0.49851155281066895, 0.2688010334968567, -0.20930233597755432, -0.49588102102279663, -0.325442910194397, 0.1430758237838745],
            [0.49935540556907654, 0.2681724727153778, -0.20999519526958466, -0.4966749846935272, -0.32483333349227905, 0.1437615007162094],
        ])
        Self.check("AdamW defaults, lr 0.1", { AdamW($0, learningRate: 0.1) }, [
            [0.49950000643730164, 0.16988098621368408, -0.30786535143852234, -0.594501256942749, -0.22649499773979187, 0.2416892647743225],
            [0.42458683252334595, 0.2022118866443634, -0.2690065801143646, -0.538153886795044, -0.2573293149471283, 0.20368656516075134],
            [0.4663599729537964, 0.17058496177196503, -0.303382933139801, -0.5773181319236755, -0.22659587860107422, 0.2377682477235794],
        ])
    }

    /// `step()` skips a parameter without a gradient, and its step count does not advance.
    @Test func parametersWithoutGradientAreSkipped() {
        let a = Tensor(vector: [1, 2]), b = Tensor(vector: [3])
        a.requiresGrad = true; b.requiresGrad = true
        let opt = Adam([a, b], learningRate: 0.1)
        a.setGrad(Tensor(vector: [1, 1]))
        opt.step()
        #expect(b.toArray() == [3])
        #expect(opt.stepCount(ofParameter: 0) == 1 && opt.stepCount(ofParameter: 1) == 0)
        opt.zeroGrad()
        #expect(a.grad == nil)
    }

    /// `clip_grad_norm_(max_norm=1)` over two tensors, from PyTorch.
    @Test func gradientNormClipping() {
        let a = Tensor.zeros(.vector(3)), b = Tensor.zeros(.matrix(2, 2))
        a.setGrad(Tensor(vector: [3, -4, 1]))
        b.setGrad(Tensor([[0.5, 2], [-1.5, 0.25]]))
        let total = clipGradientNorm([a, b], maxNorm: 1)
        #expect(Swift.abs(total - 5.706356048583984) <= 1e-6 * 5.7)
        expectClose(a.grad!.toArray(), [0.5257294774055481, -0.7009726166725159, 0.17524315416812897],
                    relative: Tolerance.exact, "a")
        expectClose(b.grad!.toArray(), [0.08762157708406448, 0.35048630833625793, -0.26286473870277405, 0.04381078854203224],
                    relative: Tolerance.exact, "b")
    }
}

/// Learning-rate schedules and the early-stopping helper.
@Suite("Schedules")
struct ScheduleTests {
    /// PyTorch's ReduceLROnPlateau(patience=2, cooldown=1) on a metric sequence, then the defaults on a
    /// constant metric (starting from lr 1e-3): the rates after each step, as PyTorch printed them.
    @Test func reduceLROnPlateauMatchesPyTorch() {
        let p = Tensor.zeros(.vector(1))
        let opt = SGD([p], learningRate: 1)
        let scheduler = ReduceLROnPlateau(opt, patience: 2, cooldown: 1)
        var rates: [Double] = []
        for m in [10, 9, 9.5, 9.2, 9.1, 9.0, 8.9995, 8.0, 8.5, 8.6, 8.7, 8.8, 8.9, 9.0, 9.1, 9.2] {
            scheduler.step(m)
            rates.append(opt.learningRate)
        }
        #expect(rates == [1.0, 1.0, 1.0, 1.0, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.010000000000000002, 0.010000000000000002,
                          0.010000000000000002, 0.010000000000000002, 0.0010000000000000002, 0.0010000000000000002])
        let defaults = ReduceLROnPlateau(opt)
        rates = []
        for _ in 0..<30 {
            defaults.step(1)
            rates.append(opt.learningRate)
        }
        #expect(rates == Array(repeating: 0.0010000000000000002, count: 11) + Array(repeating: 0.00010000000000000003, count: 11)
                + Array(repeating: 1.0000000000000004e-05, count: 8))
    }

    @Test func linearDecayAndKLAnnealing() {
        let decay = LinearDecay(initial: 0.002, totalSteps: 100)
        #expect(decay.learningRate(atStep: 0) == 0.002)
        #expect(Swift.abs(decay.learningRate(atStep: 25) - 0.0015) < 1e-15)
        #expect(decay.learningRate(atStep: 100) == 0 && decay.learningRate(atStep: 150) == 0)
        let kl = KLAnnealing(start: 0, end: 1, warmupSteps: 10)
        #expect(kl.weight(atStep: 0) == 0 && kl.weight(atStep: 5) == 0.5 && kl.weight(atStep: 10) == 1 && kl.weight(atStep: 99) == 1)
        let cyclic = KLAnnealing(warmupSteps: 4, cycleLength: 8)
        #expect(cyclic.weight(atStep: 2) == 0.5 && cyclic.weight(atStep: 6) == 1 && cyclic.weight(atStep: 10) == 0.5)
        #expect(KLAnnealing.constant.weight(atStep: 0) == 1)
    }

    @Test func earlyStoppingWaitsForPatienceAndMinimum() {
        var stopper = EarlyStopping(patience: 2)
        #expect(stopper.update(1.0, progress: 50, minimumProgress: 100) == .init(improved: true, shouldStop: false))
        #expect(stopper.update(1.2, progress: 100, minimumProgress: 100) == .init(improved: false, shouldStop: false))
        #expect(stopper.update(0.9, progress: 150, minimumProgress: 100) == .init(improved: true, shouldStop: false))
        #expect(stopper.update(0.95, progress: 200, minimumProgress: 100).shouldStop == false)
        #expect(stopper.update(0.95, progress: 250, minimumProgress: 100).shouldStop == true)
        var maximize = EarlyStopping(patience: 1, minDelta: 0.1, direction: .maximize)
        #expect(maximize.update(0.5).improved && !maximize.update(0.55).improved)
    }
}
