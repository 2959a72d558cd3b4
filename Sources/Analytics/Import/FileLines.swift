import Foundation

/// The lines of a file, read a chunk at a time so that a file of any size takes constant memory.
struct FileLines {
    let path: String
    /// The file's size in bytes (0 for a pipe).
    let size: Int64
    /// Bytes read so far.
    private(set) var bytesRead: Int64 = 0
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var lineStart = 0
    private var atEnd = false

    static let chunkSize = 1 << 20

    /// Opens `path` for reading; fails with the system's reason when it cannot be read.
    init(path: String) throws(ImportFileError) {
        self.path = path
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw Self.failure(path, errno) }
        var info = stat()
        let problem = fstat(descriptor, &info) != 0 ? errno : info.st_mode & S_IFMT == S_IFDIR ? EISDIR : 0
        guard problem == 0 else {
            close(descriptor)
            throw Self.failure(path, problem)
        }
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        size = Int64(info.st_size)
    }

    /// The next line, without its line feed; nil after the last one. A last line without a line
    /// feed is still a line.
    mutating func next() throws(ImportFileError) -> ArraySlice<UInt8>? {
        while true {
            if let newline = buffer[lineStart...].firstIndex(of: UInt8(ascii: "\n")) {
                defer { lineStart = newline + 1 }
                return buffer[lineStart..<newline]
            }
            if atEnd {
                guard lineStart < buffer.count else { return nil }
                defer { lineStart = buffer.count }
                return buffer[lineStart...]
            }
            buffer.removeFirst(lineStart)
            lineStart = 0
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: Self.chunkSize) ?? Data()
            } catch {
                throw ImportFileError("cannot read \(path): \(error.localizedDescription)")
            }
            if chunk.isEmpty {
                atEnd = true
            } else {
                buffer.append(contentsOf: chunk)
                bytesRead += Int64(chunk.count)
            }
        }
    }

    private static func failure(_ path: String, _ code: Int32) -> ImportFileError {
        ImportFileError("cannot read \(path): \(String(cString: strerror(code)))")
    }
}
