import Foundation
import SynthCore
import Testing

/// `@NullWhenAbsent` writes a nil optional as `null` under its key and reads `null` or a missing key back
/// as nil; a plain optional (the negative control) loses its key.
@Suite struct NullWhenAbsentTests {
    struct Record: Codable, Equatable {
        @NullWhenAbsent var note: String?
        @NullWhenAbsent var score: Double?
        var plain: Int?
        var name: String
    }

    @Test func nilIsWrittenAsNullAndPlainOptionalIsLeftOut() throws {
        let r = Record(note: nil, score: 0.5, plain: nil, name: "a")
        #expect(try SynthJSON.string(r) == #"{"name":"a","note":null,"score":0.5}"#)
    }

    /// JSON has no NaN or infinity: written as null, as `encodeNumber` writes them (a plain Double would
    /// make the encoder throw).
    @Test func nonFiniteNumbersAreWrittenAsNull() throws {
        for x in [Double.nan, .infinity, -.infinity] {
            #expect(try SynthJSON.string(Record(note: "n", score: x, plain: nil, name: "f")) == #"{"name":"f","note":"n","score":null}"#)
        }
        struct Plain: Encodable { var score: Double? }
        #expect(throws: EncodingError.self) { try SynthJSON.string(Plain(score: .nan)) }
    }

    @Test func roundTripsValuesAndNulls() throws {
        for r in [Record(note: "x", score: nil, plain: 3, name: "b"), Record(note: nil, score: -2, plain: nil, name: "c")] {
            let back = try SynthJSON.decoder().decode(Record.self, from: SynthJSON.encoder().encode(r))
            #expect(back == r)
        }
    }

    @Test func missingKeyReadsAsNil() throws {
        let r = try SynthJSON.decoder().decode(Record.self, from: Data(#"{"name":"d","score":1}"#.utf8))
        #expect(r.note == nil && r.score == 1 && r.plain == nil)
    }

    @Test func wrongTypeStillFails() {
        #expect(throws: DecodingError.self) {
            try SynthJSON.decoder().decode(Record.self, from: Data(#"{"name":"e","note":3}"#.utf8))
        }
    }
}
