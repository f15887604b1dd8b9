import ArgumentParser
import Foundation
import Platform

/// Arguments are bytes; Swift's `CommandLine.arguments` repairs those that are not UTF-8
/// (U+FFFD), and a file name so changed opens nothing ("no such file" for a file that exists).
/// Such an argument is refused by name instead.
enum ArgumentEncoding {
    static func requireUTF8() throws {
        for index in 1..<Int(CommandLine.argc) {
            guard let argument = CommandLine.unsafeArgv[index] else { continue }
            let bytes = Array(UnsafeBufferPointer(start: argument, count: strlen(argument))).map {
                UInt8(bitPattern: $0)
            }
            if PathText.validUTF8(bytes) == nil {
                throw ValidationError("'\(PathText.display(bytes))': \(PathText.notUTF8Advice)")
            }
        }
    }
}
