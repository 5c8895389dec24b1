import SynthMath
import SynthTable

/// Several tables encoded for the mixed-type (Gower) distance of ``NearestNeighbors/gower``: continuous
/// columns (sdtype numerical, datetime) divided by a range, missing as a 1e30 sentinel; discrete columns
/// (categorical, boolean) as category codes shared by all tables, missing as -1.
///
/// The per-column cost is then SDMetrics' `calculate_dcr`: min(|Δ|/range, 1) for continuous values (1 when
/// exactly one side is missing, 0 when both are; a zero range costs 1 for any difference), 0/1 mismatch for
/// discrete ones (missing equals missing), averaged over the columns.
struct GowerFeatures {
    enum RangeSource {
        /// max − min of one table (SDMetrics: the reference table of the DCR).
        case table(Int)
        /// max − min over all tables together (SynthEval, Anonymeter).
        case union
    }

    /// Per table, column-major: continuous columns first, then discrete.
    let features: [[[Float]]]
    let discreteFrom: Int

    static let missing: Float = 1e30

    init(_ tables: [Table], columns: [ColumnMetadata], range: RangeSource) throws {
        let continuous = columns.filter { SDVSdtype.continuous.contains($0.sdtype) }.map(\.name)
        let discrete = columns.filter { SDVSdtype.discrete.contains($0.sdtype) }.map(\.name)
        let selected = try tables.map { try $0.selectingColumns(continuous + discrete) }
        let aligned = try AlignedEncoding(selected)
        var out = [[[Float]]](repeating: [], count: tables.count)
        for c in 0..<continuous.count {
            let values = aligned.features.map { $0[c] }
            let pool: [[Double]]
            switch range {
            case .table(let t): pool = [values[t]]
            case .union: pool = values
            }
            var lo = Double.infinity, hi = -Double.infinity
            for v in pool { for x in v where !x.isNaN { lo = min(lo, x); hi = max(hi, x) } }
            let width = hi - lo
            for t in 0..<tables.count {
                out[t].append(values[t].map { x in
                    if x.isNaN { return Self.missing }
                    if !(width > 0) { return x == lo ? 0 : 2 }  // constant reference: any difference costs 1
                    return Float(x / width)
                })
            }
        }
        for c in continuous.count..<(continuous.count + discrete.count) {
            for t in 0..<tables.count { out[t].append(aligned.features[t][c].map { $0.isNaN ? -1 : Float($0) }) }
        }
        features = out
        discreteFrom = continuous.count
    }

    /// Nearest neighbours of table `query`'s rows among table `reference`'s.
    func nearest(_ query: Int, in reference: Int, excludeSelf: Bool = false) -> NearestNeighbors.Result {
        NearestNeighbors.gower(query: features[query], reference: features[reference], discreteFrom: discreteFrom,
                               excludeSelf: excludeSelf)
    }

    /// Nearest neighbours of some of table `query`'s rows (`rows`, in that order) among table `reference`'s;
    /// with `excludeSelf` the two are one table and each queried row is not its own neighbour.
    func nearest(_ query: Int, rows: [Int], in reference: Int, excludeSelf: Bool = false) -> NearestNeighbors.Result {
        NearestNeighbors.gower(query: features[query].map { c in rows.map { c[$0] } }, reference: features[reference],
                               discreteFrom: discreteFrom, excluding: excludeSelf ? rows : nil)
    }
}
