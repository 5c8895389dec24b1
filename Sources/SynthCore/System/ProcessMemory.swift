import Foundation

/// Resident-memory figures from `/proc/<pid>/status` and `/proc/meminfo` (Linux), in MB (10⁶ bytes).
///
/// A cell reports its own peak (`VmHWM`, the high-water mark of its resident set) rather than the parent
/// reading `ru_maxrss` from `wait4`: glibc's `posix_spawn` runs the child on the parent's memory until
/// `exec`, and the kernel carries that pre-exec high-water mark into the child's `ru_maxrss`, so the
/// parent's size would leak into the figure (measured: a 50 MB child reported 534 MB after the parent
/// touched 500 MB; docs/runner.md).
public enum ProcessMemory {
    /// This process's peak resident set (`VmHWM`), or nil when /proc is unavailable.
    public static func peakRSSMB() -> Double? { megabytes("VmHWM", statusPath: "/proc/self/status") }

    /// The peak resident set of process `pid`, or nil when it cannot be read (e.g. it exited).
    public static func peakRSSMB(pid: Int32) -> Double? { megabytes("VmHWM", statusPath: "/proc/\(pid)/status") }

    /// This process's current resident set (`VmRSS`), or nil when /proc is unavailable.
    public static func rssMB() -> Double? { megabytes("VmRSS", statusPath: "/proc/self/status") }

    /// The machine's memory (`MemTotal`), or nil when /proc is unavailable.
    public static func machineTotalMB() -> Double? { megabytes("MemTotal", statusPath: "/proc/meminfo") }

    /// A kB figure of a /proc file as MB.
    static func megabytes(_ field: String, statusPath: String) -> Double? {
        guard let text = ProcFile.read(statusPath) else { return nil }
        return ProcFile.kilobytes(field: field, in: text).map { Double($0) * 1024 / 1e6 }
    }
}
