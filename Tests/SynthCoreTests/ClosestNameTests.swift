import SynthCore
import Testing

/// The "did you mean" helper: distances counted by hand, and the nearness bound of a suggestion.
struct ClosestNameTests {
    @Test func editDistanceMatchesHandCountedCases() {
        #expect(ClosestName.distance("", "abc") == 3)
        #expect(ClosestName.distance("kitten", "sitting") == 3)
        #expect(ClosestName.distance("wnie", "wine") == 2)
        #expect(ClosestName.distance("sdvv", "sdv") == 1)
        #expect(ClosestName.distance("same", "same") == 0)
        #expect(ClosestName.closest(to: "wnie", among: ["adult", "wine", "penguins"]) == "wine")
        #expect(ClosestName.closest(to: "x", among: []) == nil)
    }

    @Test func aSuggestionIsOnlyMadeWhenTheNameIsNear() {
        #expect(ClosestName.suggestion(for: "ctgann", among: ["ctgan", "tvae", "gaussian_copula"]) == "ctgan")
        #expect(ClosestName.suggestion(for: "penguin", among: ["adult", "penguins", "wine"]) == "penguins")
        // 2 edits always count as near; a long name may be off by a quarter of its length.
        #expect(ClosestName.suggestion(for: "privacy.mia_acu", among: ["privacy.mia_auc"]) == "privacy.mia_auc")
        // Negative control: the closest candidate exists but is too far to be the name meant.
        #expect(ClosestName.closest(to: "xgboost", among: ["ctgan", "tvae"]) != nil)
        #expect(ClosestName.suggestion(for: "xgboost", among: ["ctgan", "tvae"]) == nil)
    }
}
