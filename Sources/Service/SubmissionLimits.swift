import Harness
import SynthCore

/// How much one submission may ask a worker for, as the operator sets it on `synthbench serve` (`--max-timeout`,
/// `--max-rows`, `--max-blas-threads`, `--max-cells`). A spec is refused (400, the key's JSON path) when any cell
/// would pass a limit, before anything is queued; the defaults are generous and finite (docs/service.md).
package struct SubmissionLimits: Sendable, Equatable {
    /// The largest `timeout_s`, seconds: a cell's longest hold on a worker.
    package var timeoutS: Double
    /// The most rows any table of a cell may have: a dataset resized with `NAME@ROWS`, and the synthetic rows
    /// (`rows` as a count, or a factor times the dataset's rows where they are known).
    package var rows: Int
    /// The most OpenBLAS threads a cell may ask for (`blas_threads`).
    package var blasThreads: Int
    /// The most runs one submission may queue (cells of the grid).
    package var cells: Int
    /// The registered datasets' row counts (their manifests' `shape.rows`), so that `rows: "2.0x"` can be bounded;
    /// a factor on a dataset not listed here (and without `@ROWS`) is not bounded by `rows`.
    package var datasetRows: [String: Int]

    package static let defaultTimeoutS = 86_400.0
    package static let defaultRows = 10_000_000
    package static let defaultBlasThreads = 64
    package static let defaultCells = 10_000

    package init(timeoutS: Double = defaultTimeoutS, rows: Int = defaultRows, blasThreads: Int = defaultBlasThreads,
                 cells: Int = defaultCells, datasetRows: [String: Int] = [:]) {
        self.timeoutS = timeoutS; self.rows = rows; self.blasThreads = blasThreads; self.cells = cells
        self.datasetRows = datasetRows
    }

    /// Throws the first limit `spec` passes, at the key's path under `spec`.
    func check(_ spec: ExperimentSpec, _ reader: JSONPathReader) throws(JSONPathError) {
        if let t = spec.timeoutS, t > timeoutS {
            throw reader.fail("spec.timeout_s", "\(Self.number(t)) s is above this service's limit of \(Self.number(timeoutS)) s a cell "
                + "(serve --max-timeout); ask for less, or run the spec on your own machine with `synthbench run`")
        }
        if spec.blasThreads > blasThreads {
            throw reader.fail("spec.blas_threads", "\(spec.blasThreads) threads is above this service's limit of \(blasThreads) "
                + "(serve --max-blas-threads)")
        }
        if case .count(let n) = spec.rows, n > rows {
            throw reader.fail("spec.rows", "\(n) rows is above this service's limit of \(rows) rows a table (serve --max-rows)")
        }
        for (i, name) in spec.datasets.enumerated() {
            let parsed = DatasetName(parsing: name)
            if let r = parsed.rows, r > rows {
                throw reader.fail("spec.datasets[\(i)]", "'\(name)' asks for \(r) rows, above this service's limit of \(rows) "
                    + "rows a table (serve --max-rows)")
            }
            guard case .factor = spec.rows, let real = parsed.rows ?? datasetRows[parsed.base] else { continue }
            let synthetic = spec.rows.rows(forReal: real)
            if synthetic > rows {
                throw reader.fail("spec.rows", "\(spec.rows) is \(synthetic) synthetic rows for '\(name)' (\(real) rows), above "
                    + "this service's limit of \(rows) rows a table (serve --max-rows)")
            }
        }
    }

    /// Throws when a submission of `count` runs passes the cells limit.
    func check(cells count: Int, _ reader: JSONPathReader, path: String) throws(JSONPathError) {
        guard count > cells else { return }
        throw reader.fail(path, "the grid has \(count) cells, above this service's limit of \(cells) runs a submission "
            + "(serve --max-cells); submit it in parts (`cell` names one) or run it with `synthbench run`")
    }

    /// `3600`, `0.5`: whole numbers without a decimal point.
    private static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }
}
