import Foundation

/// Where the reader's bytes come from: a file read in chunks, or bytes already in memory.
protocol CSVByteSource {
    /// The name errors show (the path, or `<memory>`).
    var name: String { get }
    /// Copies up to `buffer.count` next bytes into `buffer`; 0 means the end.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(CSVError) -> Int
}

/// A file read with `read(2)`; the descriptor is closed by ``close()``.
struct FileByteSource: CSVByteSource {
    let name: String
    private let fd: Int32

    init(path: String) throws(CSVError) {
        name = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CSVError(.unreadable(String(cString: strerror(errno))), path: path) }
        self.fd = fd
    }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(CSVError) -> Int {
        while true {
            let n = Foundation.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw CSVError(.unreadable(String(cString: strerror(errno))), path: name)
        }
    }

    func close() { _ = Foundation.close(fd) }
}

/// Bytes in memory, handed out as if read from a file.
struct MemoryByteSource: CSVByteSource {
    let name: String
    private let bytes: [UInt8]
    private var position = 0

    init(bytes: [UInt8], name: String) {
        self.bytes = bytes
        self.name = name
    }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(CSVError) -> Int {
        let n = min(buffer.count, bytes.count - position)
        if n > 0 {
            bytes.withUnsafeBytes { src in
                buffer.baseAddress!.copyMemory(from: src.baseAddress! + position, byteCount: n)
            }
        }
        position += n
        return n
    }
}
