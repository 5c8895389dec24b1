import Foundation
import Testing
import SynthTestSupport
import Synthesizers

/// `synthbench generate --checkpoint FILE` while another holder has FILE's lock (this test process, which a
/// second process cannot tell from another run): refused at once, touching nothing; released, the same
/// command runs and saves.
@Suite("generate --checkpoint lock")
struct CheckpointLockEndToEndTests {
    @Test("a second run on a locked checkpoint exits non-zero naming the file, the lock file and the pid, and touches nothing")
    func lockedCheckpointIsRefused() throws {
        let dir = try SynthBenchBinary.temporaryDirectory("ckpt-lock-e2e")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("ckpt")
        let file = store.appendingPathComponent("run.ckpt"), out = dir.appendingPathComponent("out")
        // What a killed save left: removed only by a run that holds the lock.
        let stale = store.appendingPathComponent(".run.ckpt.999999.tmp")
        try FileManager.default.createDirectory(at: store, withIntermediateDirectories: true)
        try Data([1, 2, 3]).write(to: stale)
        let arguments = ["generate", "--dataset", "wine", "--method", "ddpm", "--param", "n_iter=2", "--param", "num_timesteps=10",
                         "--param", "d_layers=16,16", "--param", "dim_embed=8", "--checkpoint", file.path, "--out", out.path,
                         "--no-timings"]
        let lock = try CheckpointLock(checkpoint: file)
        let refused = try SynthBenchBinary.run(arguments, in: dir)
        #expect(refused.status != 0)
        for part in [file.path, lock.lockFile.path, "pid \(getpid())", "in use by another run"] {
            #expect(refused.stderr.contains(part), "\(part) not in: \(refused.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.path).sorted() == [".run.ckpt.999999.tmp", ".run.ckpt.lock"])
        #expect(!FileManager.default.fileExists(atPath: out.path))
        // Negative control: released, the same command runs, saves the checkpoint and cleans the stale file.
        lock.release()
        let ran = try SynthBenchBinary.run(arguments, in: dir)
        #expect(ran.status == 0, "\(ran.stderr)")
        #expect(try TrainingCheckpoint.read(from: file).finished)
        #expect(!FileManager.default.fileExists(atPath: stale.path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("synthetic.csv").path))
    }
}
