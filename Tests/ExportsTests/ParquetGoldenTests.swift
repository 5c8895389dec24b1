import Foundation
import SynthTable
import Testing
@testable import Exports

/// SynthBench's Parquet bytes for a tiny table, pinned to a file pyarrow read back to the CSV's values, types,
/// encodings and statistics (scripts/reference/parquet_tiny.py: it exports the same CSV with the built
/// binary, checks it with pyarrow and prints these bytes). A change to the writer's output fails here; run the
/// script again to have pyarrow re-verify the new bytes before pasting them.
@Suite struct ParquetGoldenTests {
    static let tinyCSV = """
        x,n,flag,label,day
        1.5,10,True,b,2020-01-31
        ,-2,False,a,2020-02-01
        0.0,,True,,1969-12-31
        -7.25,3,,b,

        """

    /// pyarrow-verified bytes of `synthbench export tiny.csv --format parquet`.
    static let pyarrowVerifiedHex = [
        "504152311500153c153c2c1508150015061506000002000000030d0000000000",
        "00f83f00000000000000000000000000001dc01500153c153c2c150815001506",
        "1506000002000000030b0a00000000000000feffffffffffffff030000000000",
        "00001500150e150e2c1508150015061506000002000000030705150415141514",
        "4c150415000000010000006201000000611500151215122c1508151015061506",
        "000002000000030b0103021500152415242c1508150015061506000002000000",
        "03077447000075470000ffffffff1504196c4806736368656d61150a00150a25",
        "02180178001504250218016e25244cac134011000000150025021804666c6167",
        "00150c250218056c6162656c25004c1c000000150225021803646179250c4c6c",
        "0000001608191c195c26081c150a192500061918017815001608165e165e2608",
        "3c36022808000000000000f83f18080000000000001dc000000026661c150419",
        "2500061918016e15001608165e165e26663c360228080a000000000000001808",
        "feffffffffffffff00000026c4011c150019250006191804666c616715001608",
        "1630163026c4013c360228010118010000000026f4011c150c19350006101918",
        "056c6162656c150016081662166226a20226f4011c3602280162180161000000",
        "26d6021c150219250006191803646179150016081646164626d6023c36022804",
        "754700001804ffffffff0000001694031608260816940300191c181173796e74",
        "6862656e63682e736f75726365180874696e792e63737600181873796e746862",
        "656e63682076657273696f6e20302e312e30195c1c00001c00001c00001c0000",
        "1c0000009601000050415231"
    ].joined()

    @Test func tinyTableMatchesThePyarrowVerifiedFile() throws {
        let dir = try ExportFixtures.directory("golden")
        defer { try? FileManager.default.removeItem(at: dir) }
        let table = try CSVReader().read(text: Self.tinyCSV, name: "tiny.csv")
        let path = dir.appendingPathComponent("tiny.parquet").path
        try ParquetWriter(path: path, keyValueMetadata: [("synthbench.source", "tiny.csv")]).write(table)
        let hex = try Data(contentsOf: URL(fileURLWithPath: path)).map { String(format: "%02x", $0) }.joined()
        #expect(hex == Self.pyarrowVerifiedHex)
    }
}
