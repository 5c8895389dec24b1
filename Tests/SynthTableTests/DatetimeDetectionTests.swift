import Foundation
import Testing
@testable import SynthTable

/// Datetime layouts: pandas' guess on single values, SDV's detection on whole files, and the exact round
/// trip of every directive. Reference values from `scripts/reference/datetime_detection.py` (pandas 2.3.3,
/// sdv 2.0.0).
@Suite struct DatetimeDetectionTests {
    /// pandas' `guess_datetime_format(value, dayfirst=False)`.
    static let pandasGuesses: [(String, String?)] = [
        ("2012/01/01", "%Y/%m/%d"), ("2012-01-01", "%Y-%m-%d"), ("2012-1-5", "%Y-%m-%d"), ("2012/1/5", "%Y/%m/%d"),
        ("2012.01.02", "%Y.%m.%d"), ("2012 01 02", "%Y %m %d"), ("01/02/2012", "%m/%d/%Y"), ("1/2/2012", "%m/%d/%Y"),
        ("13/01/2012", "%d/%m/%Y"), ("12/31/2012", "%m/%d/%Y"), ("31/12/2012", "%d/%m/%Y"), ("01-02-2012", "%m-%d-%Y"),
        ("13-01-2012", "%d-%m-%Y"), ("01.02.2012", "%m.%d.%Y"), ("13.01.2012", "%d.%m.%Y"), ("2012-13-01", nil),
        ("2012/13/01", nil), ("2012/02/30", nil), ("31/02/2012", nil), ("01/02/12", nil), ("01/2012/02", nil),
        ("2012-01", "%Y-%m"), ("2012-1", "%Y-%m"),
        ("2012-01-01 10:30:00", "%Y-%m-%d %H:%M:%S"), ("2012-01-01T10:30:00", "%Y-%m-%dT%H:%M:%S"),
        ("2012-01-01 10:30", "%Y-%m-%d %H:%M"), ("2012-01-01 1:05:03", "%Y-%m-%d %H:%M:%S"),
        ("2012-01-01 10:30:00.123", "%Y-%m-%d %H:%M:%S.%f"), ("2012-01-01T10:30:00.123456789", "%Y-%m-%dT%H:%M:%S.%f"),
        ("2012-01-01 10:30:00.5", "%Y-%m-%d %H:%M:%S.%f"), ("1/2/2012 10:30", "%m/%d/%Y %H:%M"),
        ("13/01/2012 23:59:59", "%d/%m/%Y %H:%M:%S"), ("2012/01/01 10:30:00", "%Y/%m/%d %H:%M:%S"),
        ("2012-01-01 24:00:00", nil), ("2012-01-01 10:60", nil), ("2012-01-01 10:30:00,123", nil),
        ("Jan 1 2000", "%b %d %Y"), ("January 1, 2000", "%B %d, %Y"), ("1 Jan 2000", "%d %b %Y"),
        ("01 January 2000", "%d %B %Y"), ("May 5 2000", "%B %d %Y"), ("Sep 1 2000", "%b %d %Y"),
        ("1-Jan-2000", "%d-%b-%Y"), ("Jan-01-2000", "%b-%d-%Y"), ("2000 Jan 1", "%Y %b %d"), ("Dec 31 1999", "%b %d %Y"),
        ("jan 1 2000", nil), ("JAN 01 2000", nil), ("Sept 1 2000", nil), ("Jan 2000", nil), ("10:30", nil), ("hello", nil),
        ("2012-01-01T10:30:00Z", "%Y-%m-%dT%H:%M:%S%z"), ("2012-01-01 10:30:00 AM", "%Y-%m-%d %I:%M:%S %p"),
        ("20120101", "%Y%m%d"), ("Monday, January 1, 2000", "Monday, %B %d, %Y"), ("2012-01-01 ", "%Y-%m-%d "),
    ]

    /// Values pandas guesses and SynthBench deliberately does not (docs/metadata.md): time zones, AM/PM,
    /// weekday names, runs of digits (read as integers, as pandas reads them) and surrounding spaces.
    static let notGuessed: Set<String> = ["2012-01-01T10:30:00Z", "2012-01-01 10:30:00 AM", "20120101",
                                          "Monday, January 1, 2000", "2012-01-01 "]

    @Test func guessesAsPandas() {
        for (text, pandas) in Self.pandasGuesses {
            let expected = Self.notGuessed.contains(text) ? nil : pandas
            #expect(DatetimeFormat.guess(text)?.pattern == expected, "\(text)")
        }
    }

    /// SDV's `Metadata.detect_from_dataframes` on the same CSV text (column -> sdtype, datetime_format).
    static let weatherCSV = "date,temp_max,weather\n2012/01/01,12.8,drizzle\n2012/01/02,10.6,rain\n2012/01/03,11.7,rain\n"
        + "2012/01/04,12.2,rain\n2012/01/05,8.9,rain\n2012/01/06,4.4,rain\n2012/01/07,7.2,rain\n"
    static let weatherSDV: [(String, String, String?)] = [
        ("date", "datetime", "%Y/%m/%d"), ("temp_max", "numerical", nil), ("weather", "categorical", nil),
    ]
    static let mixedCSV = """
        us,eu,eu_late,iso_t,frac,named,full,dmy_named,bad
        01/02/2012,13/01/2012,01/02/2012,2012-01-01T10:30:00,2012-01-01 10:30:00.250,Jan 1 2000,"January 1, 2000",1 Jan 2000,2012/01/01
        03/04/2012,14/02/2012,13/02/2012,2012-01-02T11:00:00,2012-01-01 10:31:00.5,Feb 29 2000,"March 15, 2001",2 Feb 2001,hello
        12/31/2012,01/03/2012,03/03/2012,2012-01-03T12:15:30,2012-01-01 10:32:01.123456,Dec 31 1999,"December 1, 1999",31 Dec 1999,2012/01/03
        05/06/2012,31/12/2012,04/03/2012,2012-01-04T00:00:00,2012-01-01 10:33:00.9,Mar 3 2003,"May 5, 2005",3 Mar 2003,2012/01/04
        07/08/2012,02/04/2012,05/03/2012,2012-01-05T23:59:59,2012-01-01 10:34:00.75,Apr 4 2004,"June 6, 2006",4 Apr 2004,2012/01/05
        09/10/2012,03/05/2012,06/03/2012,2012-01-06T06:06:06,2012-01-01 10:35:00.01,May 5 2005,"July 7, 2007",5 May 2005,2012/01/06

        """
    static let mixedSDV: [(String, String, String?)] = [
        ("us", "datetime", "%m/%d/%Y"), ("eu", "datetime", "%d/%m/%Y"), ("eu_late", "id", nil),
        ("iso_t", "datetime", "%Y-%m-%dT%H:%M:%S"), ("frac", "datetime", "%Y-%m-%d %H:%M:%S.%f"),
        ("named", "datetime", "%b %d %Y"), ("full", "datetime", "%B %d, %Y"), ("dmy_named", "datetime", "%d %b %Y"),
        ("bad", "categorical", nil),
    ]

    @Test(arguments: [(weatherCSV, weatherSDV), (mixedCSV, mixedSDV)])
    func detectsAsSDV(csv: String, sdv: [(String, String, String?)]) throws {
        // Quoted fields are text to SynthBench's reader by default, not to pandas; read them as pandas does.
        let table = try CSVReader(options: CSVOptions(quotedFieldsAreText: false)).read(text: csv)
        let metadata = Metadata.detect(from: table)
        for (name, sdtype, format) in sdv {
            let c = try #require(metadata[column: name])
            #expect(c.sdtype.rawValue == sdtype, "\(name)")
            #expect(c.datetimeFormat == format, "\(name)")
            if sdtype == "datetime" { #expect(table[name]?.kind == .datetime, "\(name)") }
        }
    }

    @Test func eachValueParsesToItsDate() throws {
        let table = try CSVReader(options: CSVOptions(quotedFieldsAreText: false)).read(text: Self.mixedCSV)
        func day(_ y: Int, _ m: Int, _ d: Int) -> Double { Double(DatetimeFormat.daysFromCivil(y, m, d)) * 86400 }
        #expect(table["eu"]?.doubles().first == day(2012, 1, 13))
        #expect(table["us"]?.doubles().first == day(2012, 1, 2))
        #expect(table["named"]?.doubles()[1] == day(2000, 2, 29))
        #expect(table["full"]?.doubles()[2] == day(1999, 12, 1))
        let frac = try #require(table["frac"]?.doubles())
        #expect(abs(frac[2] - (day(2012, 1, 1) + 10 * 3600 + 32 * 60 + 1.123456)) < 1e-6)
    }

    // MARK: Parse and format

    @Test(arguments: [
        ("%Y-%m-%d %H:%M:%S.%f", "2012-01-01 10:30:00.250000"), ("%b %d %Y", "Feb 29 2000"),
        ("%B %d, %Y", "September 30, 1999"), ("%d %b %Y", "01 Dec 1969"), ("%Y/%m/%d", "0099/12/31"),
        ("%d.%m.%Y %H:%M", "31.12.2012 23:59"), ("100%% on %Y-%m-%d", "100% on 2020-02-02"),
    ])
    func textRoundTrip(pattern: String, text: String) throws {
        let f = DatetimeFormat(pattern)
        let seconds = try #require(f.parse(text.utf8))
        #expect(f.format(seconds) == text)
    }

    @Test func strptimeLeniency() {
        // As Python's strptime: 1- or 2-digit fields, month names in any case, a space matches a run of spaces.
        #expect(DatetimeFormat("%Y/%m/%d").parse("2012/1/5".utf8) == DatetimeFormat("%Y/%m/%d").parse("2012/01/05".utf8))
        #expect(DatetimeFormat("%b %d %Y").parse("jan  1 2000".utf8) == DatetimeFormat("%b %d %Y").parse("Jan 01 2000".utf8))
        #expect(DatetimeFormat("%S.%f").parse("1.5".utf8) == 1.5)
        #expect(DatetimeFormat("%S.%f").parse("1.123456789".utf8) == 1.123456789)
        // Negative controls: %Y needs 4 digits, %f at most 9, %b is not %B, and nothing may be left over.
        for (p, t) in [("%Y-%m-%d", "12-01-05"), ("%S.%f", "1.1234567890"), ("%b %d %Y", "January 1 2000"),
                       ("%B %d %Y", "Jan 1 2000"), ("%Y-%m-%d", "2012-01-05 "), ("%Y-%m-%d", "2012-02-30"),
                       ("%Y-%m-%d %H:%M:%S.%f", "2012-01-01 10:30:00")] {
            #expect(DatetimeFormat(p).parse(t.utf8) == nil, "\(p) \(t)")
        }
    }

    @Test func formatRoundsFractionsToMicroseconds() {
        let f = DatetimeFormat("%Y-%m-%d %H:%M:%S.%f")
        #expect(f.format(0.1234564) == "1970-01-01 00:00:00.123456")
        #expect(f.format(0.9999996) == "1970-01-01 00:00:01.000000")
        #expect(f.format(-0.5) == "1969-12-31 23:59:59.500000")
        #expect(DatetimeFormat.isoDateTime.format(0.9999996) == "1970-01-01 00:00:00")
    }

    /// Property: for every supported layout and random instants in years 1000-9999 (1833-2106 for layouts
    /// with `%f`: beyond 2^32 s a double no longer holds every microsecond), formatting then parsing gives
    /// the formatted instant back, and the text again.
    @Test func valueRoundTripProperty() {
        let layouts = ["%Y-%m-%d", "%Y/%m/%d %H:%M:%S", "%d/%m/%Y %H:%M:%S.%f", "%b %d %Y", "%B %d, %Y %H:%M",
                       "%d %b %Y", "%Y-%m-%dT%H:%M:%S.%f"]
        var rng = seededXoshiro(20)
        for pattern in layouts {
            let f = DatetimeFormat(pattern)
            for _ in 0..<500 {
                let seconds = pattern.contains("%f")
                    ? Double(rng.next() % 8_589_934_590) - 4_294_967_295 + Double(rng.next() % 1_000_000) / 1e6
                    : Double(rng.next() % 283_000_000_000) - 30_610_000_000
                let text = f.format(seconds)
                guard let back = f.parse(text.utf8) else { Issue.record("\(pattern) cannot read \(text)"); return }
                #expect(f.format(back) == text)
            }
        }
        // Negative control: the same check with day and month swapped on the way back must fail often.
        let dmy = DatetimeFormat("%d/%m/%Y"), mdy = DatetimeFormat("%m/%d/%Y")
        var mismatches = 0
        for _ in 0..<500 {
            let seconds = Double(rng.next() % 3_000_000_000)
            if mdy.parse(dmy.format(seconds).utf8).map({ dmy.format($0) }) != dmy.format(seconds) { mismatches += 1 }
        }
        #expect(mismatches > 400)
    }
}
