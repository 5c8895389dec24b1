// The CSV writer alone on adult-like rows: adult.data read, repeated to ROWS rows, cut into chunks of 65,536 rows
// (as the Gaussian copula hands them over) and streamed through CSVStreamWriter REPEATS times; prints the bytes,
// the process CPU seconds (user + system, getrusage) and MB per CPU second of each repeat. Compiled together
// with the writer's own sources of one revision by scripts/bench/csv_writer_adult.sh, which alternates two
// revisions (docs/csv.md "Measured").
//   usage: csv_writer_adult ADULT_DATA ROWS REPEATS OUT.csv
import Foundation

func cpuSeconds() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) * 1e-6
        + Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) * 1e-6
}

let arguments = CommandLine.arguments
guard arguments.count == 5, let rows = Int(arguments[2]), let repeats = Int(arguments[3]) else {
    print("usage: csv_writer_adult ADULT_DATA ROWS REPEATS OUT.csv")
    exit(2)
}
let names = ["age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation",
             "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country", "income"]
var options = CSVOptions()
options.trimLeadingSpaces = true
options.hasHeader = false
options.columnNames = names
options.missingTokens = ["?"]
let adult = try CSVReader(options: options).read(path: arguments[1])
let table = Table.concatenating([Table](repeating: adult, count: (rows + adult.rowCount - 1) / adult.rowCount))
    .selectingRows(Array(0..<rows))
let chunks = stride(from: 0, to: rows, by: 65_536).map { table.selectingRows(Array($0..<min($0 + 65_536, rows))) }
for _ in 0..<repeats {
    let start = cpuSeconds()
    let stream = try CSVStreamWriter(path: arguments[4])
    for chunk in chunks { try stream.append(chunk) }
    try stream.finish()
    let cpu = cpuSeconds() - start
    let bytes = (try FileManager.default.attributesOfItem(atPath: arguments[4])[.size] as? Int) ?? 0
    print(String(format: "%d rows  %d bytes  %.3f CPU s  %.1f MB per CPU s", rows, bytes, cpu, Double(bytes) / 1e6 / cpu))
}
