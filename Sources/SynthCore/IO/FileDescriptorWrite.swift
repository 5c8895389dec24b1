import Foundation

/// `write(2)` until every byte is out: a short write continues where it stopped and EINTR retries, so the
/// streaming writers (CSV, exports) cannot drop the tail of a buffer.
public enum FileDescriptorWrite {
    /// Writes all of `bytes` to `fd`; nil when done, else the `errno` of the failed write.
    public static func all(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        var done = 0
        while done < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            done += n
        }
        return nil
    }
}
