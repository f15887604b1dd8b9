/// A node's attributes by name, read with the type ONNX gives them; errors name the node.
struct Attributes {
    let node: Onnx_NodeProto
    let path: String
    private let byName: [String: Onnx_AttributeProto]

    init(_ node: Onnx_NodeProto, path: String) {
        self.node = node
        self.path = path
        byName = Dictionary(node.attribute.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The node's name, or its first output when it has none (PyTorch names every node; others may not).
    static func label(_ node: Onnx_NodeProto) -> String {
        node.name.isEmpty ? (node.output.first.map { "→\($0)" } ?? "?") : node.name
    }

    func error(_ problem: String) -> ONNXError {
        ONNXError(path, node: (Self.label(node), node.opType), problem)
    }

    func has(_ name: String) -> Bool { byName[name] != nil }

    private func attribute(_ name: String, _ type: Onnx_AttributeProto.AttributeType) throws -> Onnx_AttributeProto {
        guard let a = byName[name] else { throw error("has no attribute \(name)") }
        guard a.type == type || (a.type == .undefined) else {
            throw error("attribute \(name) is of type \(a.type), expected \(type)")
        }
        return a
    }

    func int(_ name: String) throws -> Int { Int(try attribute(name, .int).i) }
    func int(_ name: String, default value: Int) throws -> Int { has(name) ? try int(name) : value }
    func float(_ name: String, default value: Float) throws -> Float {
        has(name) ? try attribute(name, .float).f : value
    }
    func ints(_ name: String) throws -> [Int] { try attribute(name, .ints).ints.map { Int($0) } }
    func ints(_ name: String, default value: [Int]) throws -> [Int] { has(name) ? try ints(name) : value }
    func floats(_ name: String) throws -> [Float] { try attribute(name, .floats).floats }
    func string(_ name: String, default value: String) throws -> String {
        has(name) ? String(decoding: try attribute(name, .string).s, as: UTF8.self) : value
    }
    func tensor(_ name: String) throws -> ConstantTensor {
        try ConstantTensor(
            try attribute(name, .tensor).t, what: "node '\(Self.label(node))' attribute \(name)", path: path)
    }

    /// An axis in 0..<rank (negative ones count from the end).
    func axis(_ value: Int, rank: Int) throws -> Int {
        let axis = value < 0 ? value + rank : value
        guard (0..<rank).contains(axis) else { throw error("axis \(value) is out of range for rank \(rank)") }
        return axis
    }

    /// A Constant node's value, whichever attribute holds it.
    func constantValue() throws -> ConstantTensor {
        if has("value") { return try tensor("value") }
        if has("value_float") {
            return ConstantTensor(dims: [], values: [Double(try attribute("value_float", .float).f)])
        }
        if has("value_floats") {
            let v = try floats("value_floats"); return ConstantTensor(dims: [v.count], values: v.map(Double.init))
        }
        if has("value_int") { return ConstantTensor(dims: [], values: [Double(try int("value_int"))]) }
        if has("value_ints") {
            let v = try ints("value_ints"); return ConstantTensor(dims: [v.count], values: v.map(Double.init))
        }
        throw error("holds no value faststyle reads (value, value_float(s) or value_int(s))")
    }
}
