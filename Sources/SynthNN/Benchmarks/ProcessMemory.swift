import Foundation

/// This process's memory figures from `/proc/self/status` (Linux; nil elsewhere).
public enum ProcessMemory {
    /// Peak resident set size (`VmHWM`) in kB.
    public static func highWaterMarkKB() -> Int? { field("VmHWM:") }
    /// Current resident set size (`VmRSS`) in kB.
    public static func residentKB() -> Int? { field("VmRSS:") }

    private static func field(_ name: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            return Int(line.dropFirst(name.count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
        }
        return nil
    }
}
