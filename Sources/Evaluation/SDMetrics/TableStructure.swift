import SynthTable

/// SDMetrics' TableStructure: the Jaccard index `|R ∩ S| / |R ∪ S|` of the sets of (column name, pandas
/// dtype) pairs of the real and the synthetic table. Dtypes are those pandas holds for our column kinds
/// (integer → int64, or float64 with a missing value; numerical → float64; categorical → object;
/// boolean → bool, or object with a missing value; datetime → datetime64[ns]), so a column that drifts
/// from integer to float costs points, as in SDMetrics. NaN when both tables have no columns.
enum TableStructure {
    static func compute(real: Table, synthetic: Table) -> Double {
        struct Entry: Hashable { var name: String; var dtype: String }
        let r = Set(real.columns.map { Entry(name: $0.name, dtype: $0.pandasDtype) })
        let s = Set(synthetic.columns.map { Entry(name: $0.name, dtype: $0.pandasDtype) })
        let union = r.union(s).count
        return union == 0 ? .nan : Double(r.intersection(s).count) / Double(union)
    }
}
