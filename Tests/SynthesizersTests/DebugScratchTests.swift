import Foundation
import Testing
import SynthMath
import SynthTable
@testable import Synthesizers

@Suite struct DebugScratch {
    @Test func tvaeLevels() throws {
        let table = NeuralFixtures.table()
        for (e, b) in [(1, 50)] {
            var c = NeuralFixtures.smallTVAE(epochs: e); c.batchSize = b
            let s = TVAESynthesizer(configuration: c, backend: .sdv)
            let out = try NeuralFixtures.fitAndSample(s, table: table)
            var f: [String: Int] = [:]
            for i in 0..<out.rowCount { f[out["level"]!.text(at: i) ?? "-", default: 0] += 1 }
            guard case .numbers(let l) = s.fitNotes["loss_loss"] else { return }
            print("TVAE", e, f.sorted { $0.key < $1.key }, try NeuralFixtures.ksMean(table, out), l.last!)
        }
        for (e, b, lr) in [(1, 50, 1e-3), (60, 50, 1e-3), (150, 50, 1e-3), (150, 50, 2e-4)] {
            var c = NeuralFixtures.smallCTGAN(epochs: e); c.batchSize = b; c.generatorLearningRate = lr; c.discriminatorLearningRate = lr
            let s = CTGANSynthesizer(configuration: c, backend: .sdv)
            let t0 = Date()
            let out = try NeuralFixtures.fitAndSample(s, table: table)
            var f: [String: Int] = [:]
            for i in 0..<out.rowCount { f[out["level"]!.text(at: i) ?? "-", default: 0] += 1 }
            guard case .numbers(let g) = s.fitNotes["loss_generator"], case .numbers(let d) = s.fitNotes["loss_discriminator"] else { return }
            print("CTGAN", e, lr, try KolmogorovSmirnov.statistic(table["amount"]!.doubles(), out["amount"]!.doubles()), try KolmogorovSmirnov.statistic(table["count"]!.doubles(), out["count"]!.doubles()), f.sorted { $0.key < $1.key }, try NeuralFixtures.ksMean(table, out), g.last!, d.last!, Date().timeIntervalSince(t0))
        }
    }
}
