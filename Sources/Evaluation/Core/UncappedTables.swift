import SynthTable

/// The tables of an evaluation before the quadratic cap cut them (``EvaluationSubsample``), and which of their
/// rows the cut kept. The nearest-neighbour and kernel-density metrics query the capped rows but search these
/// whole tables: the cap then costs linear time in the rows (cap x whole rows) and loses no neighbour, so a
/// synthetic table that copies its training rows finds every twin above the cap as below it (cutting both
/// sides independently would keep only cap/n of the twins).
public struct UncappedTables: Sendable {
    public var real: Table
    public var synthetic: Table
    public var holdout: Table?
    /// Per table, the whole table's index of each row the capped table kept, in the capped table's order.
    public var realRows: [Int]
    public var syntheticRows: [Int]
    public var holdoutRows: [Int]?
}
