import Testing
@testable import Synthesizers

/// The per-epoch CPU record of ddpm's fit notes: its early and late windows against hand computation, a
/// flat record (ratio 1) as the control of a growing one, and the record a fit leaves.
@Suite("ddpm per-epoch CPU record")
struct EpochCPUTimesTests {
    @Test func windowsAgainstHandComputation() throws {
        #expect(EpochCPUTimes.earlyAndLate([]) == nil)
        #expect(EpochCPUTimes.earlyAndLate([5, 1]) == nil)
        // 3 epochs: k = 1, epoch 2 against epoch 3; the first epoch (warm-up) is never a window.
        let three = try #require(EpochCPUTimes.earlyAndLate([9, 1, 2]))
        #expect(three.early == 1 && three.late == 2)
        // 31 epochs: k = 3, epochs 2-4 against 29-31.
        let growing = [9.0] + (1...30).map(Double.init)
        let g = try #require(EpochCPUTimes.earlyAndLate(growing))
        #expect(g.early == 2 && g.late == 29)
        // 1001 epochs: k capped at 50.
        let long = [9.0] + Array(repeating: 1.0, count: 500) + Array(repeating: 3.0, count: 500)
        let l = try #require(EpochCPUTimes.earlyAndLate(long))
        #expect(l.early == 1 && l.late == 3)
        // The control: a flat record gives the same early and late means.
        let flat = try #require(EpochCPUTimes.earlyAndLate([9] + Array(repeating: 0.5, count: 40)))
        #expect(flat.early == flat.late)
    }

    @Test func aFitRecordsEveryEpoch() throws {
        let table = NeuralFixtures.table(rows: 300)
        let s = try DiffusionSynthesizerTests.fitted(table, DiffusionSynthesizerTests.options(epochs: 4))
        let seconds = try #require(s.model?.epochCPU.seconds)
        #expect(seconds.count == 4 && seconds.allSatisfy { $0 > 0 })
        let notes = s.fitNotes
        #expect(notes["cpu_seconds_per_epoch"] == .numbers(seconds))
        #expect(notes["cpu_late_over_early"] != nil && notes["cpu_seconds_early"] != nil)
    }
}
