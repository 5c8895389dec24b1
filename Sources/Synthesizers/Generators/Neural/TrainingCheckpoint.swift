import Foundation
import SynthCore
import SynthMath
import SynthNN
import SynthTable

#if _endian(big) || !(arch(x86_64) || arch(arm64))
#error("the checkpoint format stores little-endian arrays, and the row order as Int64, by copying memory")
#endif

/// Everything needed to continue a training run bit for bit after the process stopped, taken at a pass
/// (epoch) boundary, and its file.
///
/// Why: TabDDPM's paper preset trains for hours, longer than a session of a shared machine; a run that
/// resumes from its last checkpoint gives the same bytes as one that was never stopped (docs/ddpm.md,
/// "Checkpoints and resume").
///
/// File (version 1), all integers little-endian:
///
///     "SYNTHCKP"  u32 format version  u64 metadata length  metadata (JSON, UTF-8)
///     arrays: the parameters, then each parameter's first and second moments (when present), as f32;
///             then the row order as i64 (counts and shapes in the metadata)
///     SHA-256 of every byte before it, as 64 lowercase hex digits
///
/// The digest is checked on read, so a truncated or altered file is an error, never a silent resume.
public struct TrainingCheckpoint: Equatable, Sendable {
    public static let formatVersion: UInt32 = 1
    static let magic = Array("SYNTHCKP".utf8)

    /// What identifies the run (method, backend, parameters, seed, data digest, BLAS kernel and threads,
    /// matrix precision); must equal the resuming run's, field by field.
    public var fingerprint: [String: String]
    /// The version that wrote the file (a resume by another version is allowed and noted).
    public var synthbenchVersion: String
    /// Passes (epochs) completed, and planned.
    public var passesDone: Int
    public var passesPlanned: Int
    /// The training finished: a resume skips it and samples.
    public var finished: Bool
    /// The random streams the loop draws from, by name.
    public var streams: [String: RandomStream.State]
    /// Each parameter's shape (PyTorch dimensions) and values, in `parameters()` order.
    public var parameterShapes: [[Int]]
    public var parameters: [[Float]]
    /// The optimiser's learning rate, step counts and moments.
    public var optimizer: Adam.State
    /// The order the loop visits the rows in (shuffled in place each pass by `steps` training).
    public var rowOrder: [Int]
    /// The history so far, the wall seconds of the passes done, and the CPU seconds of each.
    public var history: TrainingHistory
    public var trainingSeconds: Double
    public var cpuSecondsPerEpoch: [Double]

    public init(fingerprint: [String: String], synthbenchVersion: String, passesDone: Int, passesPlanned: Int,
                finished: Bool, streams: [String: RandomStream.State], parameterShapes: [[Int]], parameters: [[Float]],
                optimizer: Adam.State, rowOrder: [Int], history: TrainingHistory, trainingSeconds: Double,
                cpuSecondsPerEpoch: [Double]) {
        self.fingerprint = fingerprint; self.synthbenchVersion = synthbenchVersion
        self.passesDone = passesDone; self.passesPlanned = passesPlanned; self.finished = finished
        self.streams = streams; self.parameterShapes = parameterShapes; self.parameters = parameters
        self.optimizer = optimizer; self.rowOrder = rowOrder; self.history = history
        self.trainingSeconds = trainingSeconds; self.cpuSecondsPerEpoch = cpuSecondsPerEpoch
    }

    /// The JSON block: every field but the arrays, which it describes.
    struct Metadata: Codable {
        var fingerprint: [String: String]
        var synthbenchVersion: String
        var passesDone: Int
        var passesPlanned: Int
        var finished: Bool
        var streams: [String: RandomStream.State]
        var parameterShapes: [[Int]]
        var learningRate: Double
        var optimizerSteps: [Int]
        /// Per parameter: whether its moments are stored (nil before its first update).
        var momentsPresent: [Bool]
        var rowCount: Int
        var losses: [String: [Double]]
        var epochsPlanned: Int
        var epochsRun: Int
        var stoppedEarly: Bool
        var trainingSeconds: Double
        var cpuSecondsPerEpoch: [Double]
    }

    // MARK: Writing

    /// The file's bytes.
    public func encoded() throws -> Data {
        var out = Data()
        try emit { out.append(contentsOf: $0) }
        return out
    }

    /// Writes the file atomically (``AtomicFile``): a temporary file in the same directory, flushed to the disk,
    /// renamed over `url`, and the directory flushed, so a kill at any moment leaves the previous checkpoint or
    /// this one. The bytes go to the file as they are made, so a save holds no copy of the file in memory (46 MB
    /// for the ddpm paper preset; docs/ddpm.md, "Peak memory of the paper preset").
    public func write(to url: URL) throws {
        do { try AtomicFile.write(to: url) { put in try emit(put) } } catch let error as OutputError {
            // The checkpoint's own wording; the system's reason and what to do come from the output error.
            let step = error.path == url.path ? "" : "cannot \(error.operation.rawValue) \(error.path): "
            throw CheckpointError.unwritable(file: url.path, reason: "\(step)\(error.reason); \(error.hint)")
        }
    }

    /// Hands the file's bytes to `put` front to back, the last piece the digest of every byte before it.
    private func emit(_ put: (UnsafeRawBufferPointer) throws -> Void) throws {
        precondition(parameters.count == parameterShapes.count && optimizer.steps.count == parameters.count,
                     "checkpoint arrays disagree")
        precondition(history.checks.isEmpty && history.restoredEpoch == nil, "checkpoints hold no early-stopping state")
        let metadata = Metadata(
            fingerprint: fingerprint, synthbenchVersion: synthbenchVersion, passesDone: passesDone,
            passesPlanned: passesPlanned, finished: finished, streams: streams, parameterShapes: parameterShapes,
            learningRate: optimizer.learningRate, optimizerSteps: optimizer.steps,
            momentsPresent: optimizer.firstMoments.map { $0 != nil }, rowCount: rowOrder.count, losses: history.losses,
            epochsPlanned: history.epochsPlanned, epochsRun: history.epochsRun, stoppedEarly: history.stoppedEarly,
            trainingSeconds: trainingSeconds, cpuSecondsPerEpoch: cpuSecondsPerEpoch)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(metadata)
        var digest = Checksum.Stream()
        func piece(_ bytes: UnsafeRawBufferPointer) throws {
            digest.update(bytes)
            try put(bytes)
        }
        try Self.magic.withUnsafeBytes(piece)
        try withUnsafeBytes(of: Self.formatVersion.littleEndian, piece)
        try withUnsafeBytes(of: UInt64(json.count).littleEndian, piece)
        try json.withUnsafeBytes(piece)
        for p in parameters { try p.withUnsafeBytes(piece) }
        for (m, v) in zip(optimizer.firstMoments, optimizer.secondMoments) {
            if let m, let v { try m.withUnsafeBytes(piece); try v.withUnsafeBytes(piece) }
        }
        try rowOrder.withUnsafeBytes(piece)   // Int is Int64, little-endian (the #error at the top of this file)
        try Array(digest.hex().utf8).withUnsafeBytes(put)
    }

    /// The name prefix of the temporary files builds before the move to ``AtomicFile`` wrote beside `url`
    /// (`.<name>.tmp-<pid>`); a resume by this build still cleans them up.
    static func legacyTemporaryPrefix(of url: URL) -> String { ".\(url.lastPathComponent).tmp-" }

    /// Removes the temporary files a write killed before its rename left beside `url` (each as large as a
    /// checkpoint): ``AtomicFile``'s, and those of earlier builds. Only call under the checkpoint's
    /// ``CheckpointLock``, so that no other process is writing one of them.
    public static func removeStaleTemporaries(of url: URL) {
        let directory = url.deletingLastPathComponent(), legacy = legacyTemporaryPrefix(of: url)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in names where name.hasPrefix(legacy) || AtomicFile.isTemporarySibling(name, of: url) {
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))
        }
    }

    // MARK: Reading

    /// The checkpoint in `url`; ``CheckpointError/corrupt(file:reason:)`` for anything but a whole, unaltered
    /// file of this format.
    public static func read(from url: URL) throws -> TrainingCheckpoint {
        let bytes: Data
        do { bytes = try Data(contentsOf: url) } catch {
            throw CheckpointError.unreadable(file: url.path, reason: "\(error)")
        }
        return try decode(bytes, file: url.path)
    }

    /// The checkpoint in `bytes` (`file` names it in errors). The arrays are copied out of `bytes` once; no
    /// other copy of the file is made (a resume's peak memory).
    public static func decode(_ bytes: Data, file: String) throws -> TrainingCheckpoint {
        try bytes.withUnsafeBytes { (b: UnsafeRawBufferPointer) throws -> TrainingCheckpoint in try decode(b, file: file) }
    }

    private static func decode(_ b: UnsafeRawBufferPointer, file: String) throws -> TrainingCheckpoint {
        func corrupt(_ reason: String) -> CheckpointError { .corrupt(file: file, reason: reason) }
        let headerSize = magic.count + 4 + 8
        guard b.count >= headerSize + digestSize else { throw corrupt("\(b.count) bytes, shorter than a header and digest") }
        guard Array(b[0..<magic.count]) == magic else { throw corrupt("not a SynthBench checkpoint (bad magic bytes)") }
        let stored = Array(b[(b.count - digestSize)...])
        guard digest(UnsafeRawBufferPointer(rebasing: b[0..<(b.count - digestSize)])) == stored else {
            throw corrupt("SHA-256 mismatch: the file is truncated or altered")
        }
        var reader = Reader(bytes: b, position: magic.count)
        let version = UInt32(truncatingIfNeeded: reader.integer(4))
        guard version == formatVersion else { throw corrupt("format version \(version); this build reads \(formatVersion)") }
        let jsonLength = Int(reader.integer(8))
        guard jsonLength <= b.count - digestSize - reader.position else { throw corrupt("metadata length \(jsonLength) beyond the file") }
        let metadata: Metadata
        do {
            metadata = try JSONDecoder().decode(Metadata.self, from: Data(UnsafeRawBufferPointer(rebasing: b[reader.position..<(reader.position + jsonLength)])))
        } catch { throw corrupt("unreadable metadata: \(error)") }
        reader.position += jsonLength
        let m = metadata, n = m.parameterShapes.count
        guard m.optimizerSteps.count == n, m.momentsPresent.count == n else { throw corrupt("metadata counts disagree") }
        let counts = m.parameterShapes.map { $0.reduce(1, *) }
        let floats = counts.reduce(0, +) + zip(counts, m.momentsPresent).reduce(0) { $0 + ($1.1 ? 2 * $1.0 : 0) }
        guard b.count - digestSize - reader.position == 4 * floats + 8 * m.rowCount else {
            throw corrupt("array bytes \(b.count - digestSize - reader.position), the metadata describes \(4 * floats + 8 * m.rowCount)")
        }
        let parameters = counts.map { reader.floats($0) }
        var first: [[Float]?] = [], second: [[Float]?] = []
        for (count, present) in zip(counts, m.momentsPresent) {
            first.append(present ? reader.floats(count) : nil)
            second.append(present ? reader.floats(count) : nil)
        }
        let order = (0..<m.rowCount).map { _ in Int(Int64(bitPattern: reader.integer(8))) }
        var history = TrainingHistory()
        history.losses = m.losses
        history.epochsPlanned = m.epochsPlanned
        history.epochsRun = m.epochsRun
        history.stoppedEarly = m.stoppedEarly
        history.secondsPerEpoch = m.epochsRun > 0 ? m.trainingSeconds / Double(m.epochsRun) : 0
        return TrainingCheckpoint(
            fingerprint: m.fingerprint, synthbenchVersion: m.synthbenchVersion, passesDone: m.passesDone,
            passesPlanned: m.passesPlanned, finished: m.finished, streams: m.streams, parameterShapes: m.parameterShapes,
            parameters: parameters,
            optimizer: Adam.State(learningRate: m.learningRate, steps: m.optimizerSteps, firstMoments: first,
                                  secondMoments: second),
            rowOrder: order, history: history, trainingSeconds: m.trainingSeconds,
            cpuSecondsPerEpoch: m.cpuSecondsPerEpoch)
    }

    /// Throws ``CheckpointError/fingerprintMismatch(field:checkpoint:run:)`` for the first field (in name
    /// order) whose value differs from `run`'s, or that only one of them has.
    public func checkFingerprint(_ run: [String: String]) throws {
        for field in Set(fingerprint.keys).union(run.keys).sorted() where fingerprint[field] != run[field] {
            throw CheckpointError.fingerprintMismatch(field: field, checkpoint: fingerprint[field] ?? "(absent)",
                                                      run: run[field] ?? "(absent)")
        }
    }

    // MARK: Bytes

    static let digestSize = 64

    /// The SHA-256 of `data` as 64 hex digits (SynthTable's ``Checksum``, swift-crypto).
    static func digest<D: DataProtocol>(_ data: D) -> [UInt8] { Array(Checksum.sha256Hex(of: data).utf8) }

    /// Reads the array section in order (bounds were checked against the metadata before).
    struct Reader {
        let bytes: UnsafeRawBufferPointer
        var position: Int

        mutating func integer(_ width: Int) -> UInt64 {
            var v: UInt64 = 0
            for i in 0..<width { v |= UInt64(bytes[position + i]) << (8 * UInt64(i)) }
            position += width
            return v
        }

        mutating func floats(_ count: Int) -> [Float] {
            let out = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: bytes[position..<(position + 4 * count)]))
                initialized = count
            }
            position += 4 * count
            return out
        }
    }
}
