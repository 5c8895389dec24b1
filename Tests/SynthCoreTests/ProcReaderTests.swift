import Foundation
import SynthCore
import Testing

/// The /proc readers against this test process's own /proc (Linux) and against fixed texts.
struct ProcReaderTests {
    @Test func peakMemoryIsAtLeastCurrentAndPositive() throws {
        // Touch 40 MB so the figures are well clear of zero and the peak has something to hold.
        var block = [UInt8](repeating: 1, count: 40_000_000)
        block[block.count - 1] = 2
        let current = try #require(ProcessMemory.rssMB())
        let peak = try #require(ProcessMemory.peakRSSMB())
        #expect(current > 0 && peak >= current, "peak \(peak) MB, current \(current) MB")
        #expect(peak >= 40, "peak \(peak) MB after touching 40 MB")
        #expect(block[block.count - 1] == 2)
        let byPid = try #require(ProcessMemory.peakRSSMB(pid: getpid()))
        #expect(byPid >= peak)
        #expect(ProcessMemory.peakRSSMB(pid: -1) == nil)
        #expect(try #require(ProcessMemory.machineTotalMB()) > peak)
    }

    @Test func procFilesAreReadAlthoughTheyReportSizeZero() throws {
        let status = try #require(ProcFile.read("/proc/self/status"))
        #expect(status.contains("VmHWM:"))
        #expect(ProcFile.read("/proc/nonexistent") == nil)
    }

    @Test func fieldParsers() {
        let status = "Name:\tx\nVmHWM:\t  123456 kB\nVmRSS:\t 1024 kB\n"
        #expect(ProcFile.kilobytes(field: "VmHWM", in: status) == 123_456)
        #expect(ProcFile.kilobytes(field: "VmRSS", in: status) == 1024)
        #expect(ProcFile.kilobytes(field: "VmSwap", in: status) == nil)
        let cpuinfo = "processor\t: 0\nmodel name\t: Intel(R) Xeon(R) CPU\nflags\t\t: fpu avx2\n"
        #expect(ProcFile.value(of: "model name", in: cpuinfo) == "Intel(R) Xeon(R) CPU")
        #expect(ProcFile.value(of: "flags", in: cpuinfo) == "fpu avx2")
        #expect(ProcFile.value(of: "model", in: cpuinfo) == nil)
        #expect(LoadAverage.parse("0.52 0.61 0.70 1/234 5678\n") == [0.52, 0.61, 0.70])
        #expect(LoadAverage.parse("") == [])
    }

    @Test func thisMachineIsDescribed() throws {
        #expect(!(try #require(CPUFeatures.modelName())).isEmpty)
        #expect(!CPUFeatures.flags().isEmpty)
        #expect(LoadAverage.current().count == 3)
        #expect(LoadAverage.text() != "unknown")
    }

    @Test func processClockCountsWork() {
        let start = processCPUSeconds()
        var x = 0.0
        for i in 0..<3_000_000 { x += Double(i).squareRoot() }
        #expect(x > 0)
        #expect(processCPUSeconds() > start)
    }
}
