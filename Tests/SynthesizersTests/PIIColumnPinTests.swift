import SynthMath
import SynthTable
import Testing
@testable import Synthesizers

/// Same seed, same column: every PII provider's generated column (as ``IdentifierGenerator`` makes it,
/// plain and as a unique key) pinned by a digest of its values in row order and of its level order, so a
/// change to how values are built or indexed (issue 20's speed work) cannot change the output unnoticed.
/// The digests were recorded from the implementation before that work (String index, `Set<String>` keys).
@Suite("PII columns pinned per seed")
struct PIIColumnPinTests {
    /// FNV-1a 64 over the values in row order then the levels in code order, each followed by a 0x1F byte
    /// (a missing value is a single 0x1E byte).
    static func digest(_ column: Column) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func eat(_ bytes: some Sequence<UInt8>) {
            for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        }
        for i in 0..<column.count {
            if let t = column.text(at: i) { eat(t.utf8) } else { eat([0x1E]) }
            eat([0x1F])
        }
        if case .categorical(_, let levels) = column.values {
            for l in levels { eat(l.utf8); eat([0x1F]) }
        }
        return String(h, radix: 16)
    }

    static func column(_ provider: PIIProvider, unique: Bool, count: Int = 3000) throws -> Column {
        let training = Column.categorical("c", ["x"])
        let table = try Table(columns: [training])
        var meta = Metadata.detect(from: table).columns[0]
        meta.sdtype = SDVSdtype.allCases.first { PIIProvider(sdtype: $0) == provider }!
        meta.pii = true
        let g = try #require(try IdentifierGenerator(fitting: training, metadata: meta, isKey: unique))
        var s = RandomStream(seed: 20)
        return g.generate(count: count, stream: &s)
    }

    static let pinned: [PIIProvider: (plain: String, unique: String)] = [
        .address: ("74170ac115d405b5", "74170ac115d405b5"),
        .administrativeUnit: ("87b43e919b81e481", "4b6b2a199e7bf1dd"),
        .city: ("af5e51ab22dda5b3", "b13c47f1496e7245"),
        .company: ("8619b75be9d7958a", "6ee6c248af4949bb"),
        .country: ("b37f5247f298ed18", "f9597d00c4e1912d"),
        .countryCode: ("4b85ca8b3f69e0b4", "18f2cd12f52c63a1"),
        .creditCardNumber: ("cc079944df09581", "cc079944df09581"),
        .dateOfBirth: ("3dc7fb7c32249a90", "b946ad2cc212099d"),
        .email: ("ea8d3a5598be4c2f", "139d7c93e2a8eb41"),
        .firstName: ("cf44114ac929ad9b", "c145135ec0e2b9f5"),
        .iban: ("1e615544b624460d", "1e615544b624460d"),
        .ipv4: ("2e235cef9bb7b985", "2e235cef9bb7b985"),
        .ipv6: ("12019c45270e70c1", "12019c45270e70c1"),
        .job: ("590559427795a502", "7e58252e1b396d05"),
        .lastName: ("fb198a98ec4fd2c3", "36d62c5fec72e57"),
        .latitude: ("a4ceb22c532abef5", "a4ceb22c532abef5"),
        .licensePlate: ("f32a7f167e1ff1d", "f32a7f167e1ff1d"),
        .longitude: ("59fe8cd114126775", "59fe8cd114126775"),
        .macAddress: ("9173e38c5d655ae5", "9173e38c5d655ae5"),
        .name: ("2dfad5bae31412ac", "9920a0c08274e92d"),
        .phoneNumber: ("e673aefd4ee0913b", "e673aefd4ee0913b"),
        .postcode: ("4fa5cfcc7ae25eb0", "8581a13047417b8d"),
        .secondaryAddress: ("c7174843958c3aa0", "c9be812301559075"),
        .ssn: ("f459c03d491b66d9", "f459c03d491b66d9"),
        .stateAbbr: ("4a2e1edd9a569618", "1e33d7612ed968bd"),
        .streetAddress: ("4a5d79ccf1339e95", "4a5d79ccf1339e95"),
        .swift11: ("53b956292d3980ad", "53b956292d3980ad"),
        .swift8: ("80798218edef8645", "80798218edef8645"),
        .url: ("1cf8113108620bf5", "e5060908f689ffb3"),
        .userAgent: ("8ac22f5132bb4db6", "2c99006a0d1788e5"),
        .userName: ("c47e9912232113fa", "c2b86c0737814cbd"),
        .vin: ("15b90cd5c012e855", "15b90cd5c012e855"),
    ]

    @Test(arguments: PIIProvider.allCases)
    func sameBytesAsBefore(_ provider: PIIProvider) throws {
        let plain = Self.digest(try Self.column(provider, unique: false))
        let unique = Self.digest(try Self.column(provider, unique: true))
        let pin = try #require(Self.pinned[provider])
        #expect(plain == pin.plain, "\(provider), plain")
        #expect(unique == pin.unique, "\(provider), unique")
    }

    /// The digest sees a one-value change (negative control).
    @Test func digestSeesAChange() throws {
        let c = try Self.column(.email, unique: false, count: 50)
        guard case .categorical(var codes, let levels) = c.values else { Issue.record("not text"); return }
        let before = Self.digest(c)
        codes[49] = codes[0] == codes[49] ? codes[1] : codes[0]
        #expect(Self.digest(Column(name: c.name, values: .categorical(codes: codes, levels: levels))) != before)
    }
}
