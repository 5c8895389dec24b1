import Foundation

/// The saving side of a checkpointed training (``TrainingCheckpointRequest``): reads the checkpoint to resume
/// from when the file exists (checked against the run's fingerprint), decides at each pass boundary whether a
/// save is due, saves, and counts, for the fit notes.
///
/// A save is due after the request's interval (wall seconds or passes since the last save) and always at
/// the end of training, so a finished run's file lets a rerun skip training.
public final class TrainingCheckpointer {
    public let file: URL
    public let interval: TrainingCheckpointRequest.Interval
    /// The run's full fingerprint (the request's and the synthesizer's fields).
    public let fingerprint: [String: String]
    public let synthbenchVersion: String
    /// The checkpoint in `file` when training started; nil: a fresh start.
    public let resumedFrom: TrainingCheckpoint?
    public private(set) var saves = 0
    /// Wall seconds the saves took (encoding, writing, flushing).
    public private(set) var saveSeconds = 0.0
    private var passesSinceSave = 0
    private var lastSave = ContinuousClock.now

    /// Reads `request.file` when it exists; throws when it is unreadable, corrupt, or another run's
    /// (nothing is overwritten then: the error ends the fit before any save). Then removes what a killed
    /// save left behind (``TrainingCheckpoint/removeStaleTemporaries(of:)``).
    public init(request: TrainingCheckpointRequest, fingerprint: [String: String]) throws {
        file = request.file
        interval = request.interval
        self.fingerprint = fingerprint
        synthbenchVersion = request.synthbenchVersion
        if FileManager.default.fileExists(atPath: request.file.path) {
            let found = try TrainingCheckpoint.read(from: request.file)
            try found.checkFingerprint(fingerprint)
            resumedFrom = found
        } else {
            resumedFrom = nil
        }
        TrainingCheckpoint.removeStaleTemporaries(of: request.file)
    }

    /// At a pass boundary: saves `make()` when a save is due or training `finished`.
    func passEnded(finished: Bool, make: () -> TrainingCheckpoint) throws {
        passesSinceSave += 1
        let due = switch interval {
        case .seconds(let s): (ContinuousClock.now - lastSave).seconds >= s
        case .passes(let p): passesSinceSave >= p
        }
        guard due || finished else { return }
        let start = ContinuousClock.now
        try make().write(to: file)
        let end = ContinuousClock.now
        saveSeconds += (end - start).seconds
        saves += 1
        passesSinceSave = 0
        lastSave = end
    }

    /// `checkpoint: {file, resumed_from_pass, passes_planned, saves, save_seconds, written_by?}` for the fit notes.
    public var notes: NoteValue {
        var out: [String: NoteValue] = [
            "file": .string(file.path),
            "resumed_from_pass": .number(Double(resumedFrom?.passesDone ?? 0)),
            "saves": .number(Double(saves)),
            "save_seconds": .number(saveSeconds),
        ]
        switch interval {
        case .seconds(let s): out["every_seconds"] = .number(s)
        case .passes(let p): out["every_passes"] = .number(Double(p))
        }
        if let c = resumedFrom {
            out["passes_planned"] = .number(Double(c.passesPlanned))
            if c.synthbenchVersion != synthbenchVersion {
                out["resumed_from_version"] = .string(c.synthbenchVersion)
            }
        }
        return .object(out)
    }
}
