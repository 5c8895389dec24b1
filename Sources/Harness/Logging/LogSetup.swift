import Foundation
import Logging

/// How log lines are rendered on standard error.
package enum LogFormat: String, CaseIterable, Sendable {
    /// `2026-11-22T10:00:00Z info synthbench: message key=value`
    case human
    /// One JSON object per line: `{"ts":...,"level":...,"label":...,"msg":...,"meta":{...}}`
    case json
}

/// Configures swift-log once per process.
package enum LogSetup {
    nonisolated(unsafe) private static var done = false

    /// Bootstraps the logging system; later calls are ignored (swift-log allows one bootstrap).
    package static func bootstrap(format: LogFormat, level: Logger.Level = .info) {
        guard !done else { return }
        done = true
        LoggingSystem.bootstrap { label in
            StderrLogHandler(label: label, format: format, logLevel: level)
        }
    }
}

/// A log handler that writes human-readable or JSON lines to standard error.
package struct StderrLogHandler: LogHandler {
    package let label: String
    package let format: LogFormat
    package var logLevel: Logger.Level
    package var metadata: Logger.Metadata = [:]

    package init(label: String, format: LogFormat, logLevel: Logger.Level) {
        self.label = label; self.format = format; self.logLevel = logLevel
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var all = metadata
        if let extra = event.metadata { all.merge(extra) { _, new in new } }
        let ts = ISO8601DateFormatter().string(from: Date())
        let line: String
        switch format {
        case .human:
            let meta = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            line = "\(ts) \(event.level) \(label): \(event.message)\(meta.isEmpty ? "" : " " + meta)\n"
        case .json:
            var obj: [String: Any] = ["ts": ts, "level": "\(event.level)", "label": label, "msg": "\(event.message)"]
            if !all.isEmpty { obj["meta"] = all.mapValues { "\($0)" } }
            let data = (try? JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys])) ?? Data()
            line = (String(data: data, encoding: .utf8) ?? "{}") + "\n"
        }
        FileHandle.standardError.write(line.data(using: .utf8)!)
    }
}
