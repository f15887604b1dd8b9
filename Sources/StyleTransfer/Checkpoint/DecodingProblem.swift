/// A JSON decoding failure in one line, naming the key path: "network.architecture.description:
/// 'c2147483648s1-3': … is not a channel count or size between 1 and 4096".
enum DecodingProblem {
    static func text(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return error.localizedDescription }
        func path(_ context: DecodingError.Context, _ last: CodingKey? = nil) -> String {
            let keys = (context.codingPath + (last.map { [$0] } ?? [])).map {
                $0.intValue.map { "[\($0)]" } ?? $0.stringValue
            }
            return keys.isEmpty ? "" : keys.joined(separator: ".").replacingOccurrences(of: ".[", with: "[") + ": "
        }
        switch error {
        case let .keyNotFound(key, context): return "\(path(context, key))missing"
        case let .valueNotFound(_, context), let .typeMismatch(_, context), let .dataCorrupted(context):
            return "\(path(context))\(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
