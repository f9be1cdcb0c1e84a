import Glibc

/// Turns commit message bytes into text. A commit made with `i18n.commitEncoding` carries an
/// `encoding` header, and its bytes are converted with iconv (so Latin-1 "Caf\xe9" reads "Café");
/// bytes that are still not UTF-8 become U+FFFD, as `git log` shows them, never a crash.
enum TextDecoding {
    static func decode(_ bytes: [UInt8], encoding: String?) -> String {
        if let encoding, !isUTF8Name(encoding), let converted = iconvToUTF8(bytes, from: encoding) {
            return converted
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func isUTF8Name(_ name: String) -> Bool {
        let n = name.lowercased()
        return n == "utf-8" || n == "utf8"
    }

    private static func iconvToUTF8(_ input: [UInt8], from encoding: String) -> String? {
        let cd = iconv_open("UTF-8", encoding)
        guard cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        var source = input
        let produced: Int? = source.withUnsafeMutableBufferPointer { src in
            output.withUnsafeMutableBufferPointer { dst in
                var inPtr = UnsafeMutableRawPointer(src.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var inLeft = src.count
                var outPtr = UnsafeMutableRawPointer(dst.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var outLeft = dst.count
                guard iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) != -1 || inLeft == 0 else { return nil }
                return dst.count - outLeft
            }
        }
        guard let produced else { return nil }
        return String(decoding: output[..<produced], as: UTF8.self)
    }
}
