/// What the CSV reader counts as a number in a field, for code outside the reader that second-guesses a
/// column it read as text (Harness's number-like text warning, the metadata's declared kinds): the same
/// byte parsers the reader uses (``FieldParsers``), so `inf` is a number and `0x1F` is not,
/// there as here (`nan` is a missing value to the reader, never a level of a text column).
package enum CSVNumber {
    /// `text` reads as a decimal number (``FieldParsers/parseDouble(_:)``).
    package static func isNumber(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { FieldParsers.parseDouble($0) != nil }
    }

    /// `text` reads as an integer (``FieldParsers/parseInt(_:)``).
    package static func isInteger(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { FieldParsers.parseInt($0) != nil }
    }
}
