import Synthesizers

extension CellResult {
    /// Names the reference backends in the record of a reference cell (the pipeline resolved the method on
    /// the flavour it mirrors) and makes its peak memory cover the adapter: `peak_rss_mb` is the larger of
    /// the cell process's own `VmHWM` and the Python process's (`fit_notes.reference.python_peak_rss_mb`).
    mutating func recordReference(_ cell: GridCell) {
        backendRequested = cell.backend.rawValue
        let resolution = try? ReferenceCatalog.resolve(method: cell.method, backend: cell.backend, dpRequested: cell.dp != nil)
        backend = resolution?.used.rawValue
        fallbackReason = resolution?.fallbackReason
        if let r = resolution { methodResolved = r.descriptor.name }
        if case .number(let python) = fitNotes["reference.python_peak_rss_mb"] {
            peakRSSMB = max(peakRSSMB ?? 0, python)
        }
    }
}
