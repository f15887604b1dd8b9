import Foundation

/// No option names a data file, its environment variable is not set, and it is in none of the
/// places looked at.
struct DataFileNotFound: LocalizedError {
    let file: DataFile
    let places: [String]

    var errorDescription: String? {
        let named = places.map { $0.hasPrefix("/") ? $0 : "\($0) (in the current folder)" }
        return
            "no \(file.description) found: \(file.variable) is not set, and none of \(named.joined(separator: ", ")) "
            + "exists; \(file.remedy)"
    }
}
