import Foundation
import SynthNN

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
    /// The checkpoint in `file` when training started, until the training takes it (``takeResumed()``); nil: a
    /// fresh start.
    public private(set) var resumedFrom: TrainingCheckpoint?
    /// What the notes say about the resumed checkpoint; kept when the training has taken it.
    private let resumed: (passesDone: Int, passesPlanned: Int, version: String)?
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
            resumed = (found.passesDone, found.passesPlanned, found.synthbenchVersion)
        } else {
            resumedFrom = nil
            resumed = nil
        }
        TrainingCheckpoint.removeStaleTemporaries(of: request.file)
    }

    /// The checkpoint to resume from, handed over once: its arrays (the model's parameters and the optimiser's
    /// moments, 46 MB for the ddpm paper preset) are then freed when the training has restored them, instead of
    /// staying beside the live ones for the whole fit.
    func takeResumed() -> TrainingCheckpoint? {
        defer { resumedFrom = nil }
        return resumedFrom
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
        // The pass's cached activation buffers are free at its end: returned to the system, the snapshot's copies
        // of the parameters and moments take their room instead of adding to the peak (the next pass allocates
        // them again, a few milliseconds; docs/ddpm.md, "Peak memory of the paper preset").
        BufferPool.current.trim()
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
            "resumed_from_pass": .number(Double(resumed?.passesDone ?? 0)),
            "saves": .number(Double(saves)),
            "save_seconds": .number(saveSeconds),
        ]
        switch interval {
        case .seconds(let s): out["every_seconds"] = .number(s)
        case .passes(let p): out["every_passes"] = .number(Double(p))
        }
        if let c = resumed {
            out["passes_planned"] = .number(Double(c.passesPlanned))
            if c.version != synthbenchVersion {
                out["resumed_from_version"] = .string(c.version)
            }
        }
        return .object(out)
    }
}
