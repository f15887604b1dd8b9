import Foundation

/// Why an ONNX model cannot be read, imported or written: the message names the file and, where
/// there is one, the node and its op.
public struct ONNXError: LocalizedError, CustomStringConvertible {
    public let path: String
    /// The node (name, or its first output when unnamed) and op, when one is to blame.
    public let node: (name: String, op: String)?
    public let problem: String

    init(_ path: String, node: (name: String, op: String)? = nil, _ problem: String) {
        self.path = path
        self.node = node
        self.problem = problem
    }

    public var description: String {
        guard let node else { return "\(path): \(problem)" }
        return "\(path): node '\(node.name)' (\(node.op)): \(problem)"
    }
    public var errorDescription: String? { description }
}
