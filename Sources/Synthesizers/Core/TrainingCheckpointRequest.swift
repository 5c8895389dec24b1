import Foundation

/// A fit asked to save its training state to `file` now and then, and to resume from it when it exists
/// (`synthbench generate --checkpoint`). Only TabDDPM implements it (``methods``); the pipeline refuses the
/// request for any other method.
public struct TrainingCheckpointRequest: Sendable, Equatable {
    /// When to save, at pass boundaries; it never changes the output, only how much a resume redoes.
    public enum Interval: Sendable, Equatable {
        /// The first pass boundary at least this many wall seconds after the last save (or the start).
        case seconds(Double)
        /// Every this many passes (tests: no clock involved).
        case passes(Int)
    }

    /// The methods that implement checkpoints.
    public static let methods: Set<String> = ["ddpm"]

    public var file: URL
    public var interval: Interval
    /// The caller's part of the run's identity (method, backend, resolved parameters, run seed); the
    /// synthesizer adds the data digest, the fit seed, the BLAS kernel and threads and the matrix precision.
    public var fingerprint: [String: String]
    public var synthbenchVersion: String

    public init(file: URL, interval: Interval, fingerprint: [String: String], synthbenchVersion: String) {
        self.file = file; self.interval = interval; self.fingerprint = fingerprint
        self.synthbenchVersion = synthbenchVersion
    }

    /// Parses `10m`, `90s`, `2h` or a plain number of seconds.
    public static func parseDuration(_ text: String) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600]
        var body = Substring(text), scale = 1.0
        if let last = text.last, let u = units[last] { body = body.dropLast(); scale = u }
        guard let v = Double(body), v.isFinite, v >= 0 else { return nil }
        return v * scale
    }
}
