/// What the teachers' votes, the noisy labels and the student looked like over one PATE-GAN iteration: the
/// evidence for whether the student learns anything from its labels (docs/privacy.md §4). The vote counts
/// are read from the private data outside the noise, so these figures are published only on request
/// (`diagnostics=true`), and the run then lists them among its non-private releases (never `dp_effective`).
///
/// The teachers' majority is "real" when more than half of them vote real (a tie counts as fake); a label is
/// flipped when the noisy label differs from that majority. With unanimous votes and Laplace noise of scale
/// `1 / λ` over `T` teachers the expected flipped share is `exp(−λT/2) / 2`.
public struct PATEVoteStatistics: Sendable, Equatable {
    public private(set) var queries = 0
    private var realVotes = 0.0
    private var unanimous = 0
    private var majorityReal = 0
    private var labelsReal = 0
    private var flipped = 0
    private var studentAgrees = 0

    public init() {}

    /// Records one query: `n1` of `teachers` voted real, the noisy label, and whether the student (before its
    /// update on this batch) said real.
    public mutating func record(n1: Int, teachers: Int, label: Bool, studentSaysReal: Bool) {
        let majority = 2 * n1 > teachers
        queries += 1
        realVotes += Double(n1) / Double(teachers)
        if n1 == 0 || n1 == teachers { unanimous += 1 }
        if majority { majorityReal += 1 }
        if label { labelsReal += 1 }
        if label != majority { flipped += 1 }
        if studentSaysReal == majority { studentAgrees += 1 }
    }

    private func share(_ count: Int) -> Double { queries == 0 ? 0 : Double(count) / Double(queries) }

    /// Mean share of teachers voting real per query.
    public var realVoteShare: Double { queries == 0 ? 0 : realVotes / Double(queries) }
    /// Share of queries all teachers agreed on.
    public var unanimousShare: Double { share(unanimous) }
    /// Share of queries whose majority said real.
    public var majorityRealShare: Double { share(majorityReal) }
    /// Share of noisy labels that say real.
    public var labelRealShare: Double { share(labelsReal) }
    /// Share of noisy labels that differ from the majority.
    public var flipShare: Double { share(flipped) }
    /// Share of queries where the student agreed with the majority before its update.
    public var studentAgreement: Double { share(studentAgrees) }

    /// Per-iteration arrays for the fit notes.
    static func notes(_ iterations: [PATEVoteStatistics]) -> NoteValue {
        .object([
            "queries": .numbers(iterations.map { Double($0.queries) }),
            "real_vote_share": .numbers(iterations.map(\.realVoteShare)),
            "unanimous_share": .numbers(iterations.map(\.unanimousShare)),
            "majority_real_share": .numbers(iterations.map(\.majorityRealShare)),
            "label_real_share": .numbers(iterations.map(\.labelRealShare)),
            "label_flip_share": .numbers(iterations.map(\.flipShare)),
            "student_agreement": .numbers(iterations.map(\.studentAgreement)),
        ])
    }
}
