import Foundation

/// The machine's 1, 5 and 15 minute load averages from `/proc/loadavg`: printed beside every speed figure,
/// since a figure measured on a busy machine is not comparable with one measured on an idle one.
public enum LoadAverage {
    /// The three averages (empty where `/proc/loadavg` is unavailable).
    public static func current() -> [Double] {
        guard let text = ProcFile.read("/proc/loadavg") else { return [] }
        return parse(text)
    }

    /// The first three numbers of a `/proc/loadavg` line.
    public static func parse(_ text: String) -> [Double] {
        Array(text.split(whereSeparator: { $0 == " " || $0 == "\n" }).prefix(3).compactMap { Double($0) })
    }

    /// The averages with two decimals, e.g. `0.52 0.61 0.70`, or `unknown`.
    public static func text() -> String {
        let l = current()
        return l.isEmpty ? "unknown" : l.map { String(format: "%.2f", $0) }.joined(separator: " ")
    }
}
