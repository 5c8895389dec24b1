/// The prediction task a dataset is set up for: what utility metrics (train on synthetic, test on real)
/// fit to the target column.
public enum LearningTask: String, Codable, Sendable, CaseIterable {
    case classification, regression, survival
    /// No target: only fidelity and privacy metrics apply.
    case none
}
