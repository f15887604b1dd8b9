import Platform

/// Computes the nodes of a graph whose inputs are all constant: PyTorch's exporter builds the
/// pads of every reflection padding from opset 11 on with Constant, ConstantOfShape, Concat,
/// Reshape, Slice, Transpose and Cast nodes, and a float16 model casts its weights. Only the ops
/// such shape arithmetic uses are computed; other nodes are left to the structure they belong to.
enum ConstantFolding {
    static let ops: Set<String> = [
        "Constant", "Identity", "Cast", "ConstantOfShape", "Concat", "Reshape", "Slice",
        "Transpose", "Unsqueeze", "Squeeze",
    ]

    /// The outputs of `node`, if it is one of `ops` and its inputs are all in `constants`.
    static func evaluate(_ node: Onnx_NodeProto, constants: [String: ConstantTensor], opset: Int, path: String) throws
        -> [ConstantTensor]?
    {
        guard ops.contains(node.opType), node.domain.isEmpty || node.domain == "ai.onnx" else { return nil }
        var inputs: [ConstantTensor?] = []
        for name in node.input {
            if name.isEmpty { inputs.append(nil); continue }
            guard let value = constants[name] else { return nil }
            inputs.append(value)
        }
        let attributes = Attributes(node, path: path)
        func input(_ index: Int) throws -> ConstantTensor {
            guard index < inputs.count, let value = inputs[index] else {
                throw attributes.error("needs input \(index + 1)")
            }
            return value
        }
        switch node.opType {
        case "Constant":
            return [try attributes.constantValue()]
        case "Identity", "Cast":
            // Values are kept as Double: a cast to float rounds to float32, to an integer truncates.
            let x = try input(0)
            guard node.opType == "Cast" else { return [x] }
            let to = Onnx_TensorProto.DataType(rawValue: try attributes.int("to"))
            switch to {
            case .float?: return [ConstantTensor(dims: x.dims, values: x.values.map { Double(Float($0)) })]
            case .float16?: return [ConstantTensor(dims: x.dims, values: x.values.map { Double(Float16($0)) })]
            case .double?: return [x]
            case .int64?, .int32?, .int16?, .int8?, .uint8?, .uint16?:
                return [ConstantTensor(dims: x.dims, values: x.values.map { $0.rounded(.towardZero) })]
            default:
                throw attributes.error(
                    "casts to data type \(try attributes.int("to")), which faststyle does not compute")
            }
        case "ConstantOfShape":
            let dims = try input(0).integers
            guard dims.allSatisfy({ $0 >= 0 }), let count = ElementCount.product(dims), count <= 1 << 20 else {
                throw attributes.error("asks for a constant of shape \(dims)")
            }
            let fill = attributes.has("value") ? try attributes.tensor("value").values.first ?? 0 : 0
            return [ConstantTensor(dims: dims, values: Array(repeating: fill, count: count))]
        case "Concat":
            let parts = try (0..<inputs.count).map(input)
            guard let rank = parts.first?.dims.count else { throw attributes.error("concatenates nothing") }
            let axis = try attributes.axis(try attributes.int("axis"), rank: rank)
            guard
                parts.allSatisfy({
                    $0.dims.count == rank
                        && zip($0.dims, parts[0].dims).enumerated().allSatisfy {
                            $0.offset == axis || $0.element.0 == $0.element.1
                        }
                })
            else {
                throw attributes.error("concatenates tensors of shapes \(parts.map(\.dims)) along axis \(axis)")
            }
            let outer = parts[0].dims[..<axis].reduce(1, *)
            var values: [Double] = []
            for o in 0..<outer {
                for part in parts {
                    let block = part.dims[axis...].reduce(1, *)
                    values += part.values[(o * block)..<((o + 1) * block)]
                }
            }
            var dims = parts[0].dims
            dims[axis] = parts.map { $0.dims[axis] }.reduce(0, +)
            return [ConstantTensor(dims: dims, values: values)]
        case "Reshape":
            let x = try input(0)
            var dims = try input(1).integers
            let allowZero = attributes.has("allowzero") ? try attributes.int("allowzero") != 0 : false
            for i in dims.indices where dims[i] == 0 && !allowZero {
                guard i < x.dims.count else {
                    throw attributes.error("copies dimension \(i) of a tensor of rank \(x.dims.count)")
                }
                dims[i] = x.dims[i]
            }
            if let unknown = dims.firstIndex(of: -1) {
                let others = dims.enumerated().filter { $0.offset != unknown }.map(\.element)
                guard others.allSatisfy({ $0 >= 0 }), let known = ElementCount.product(others), known > 0,
                    x.count % known == 0
                else {
                    throw attributes.error("cannot reshape \(x.dims) to \(dims)")
                }
                dims[unknown] = x.count / known
            }
            guard dims.allSatisfy({ $0 >= 0 }), ElementCount.product(dims) == x.count else {
                throw attributes.error("cannot reshape \(x.dims) to \(dims)")
            }
            return [ConstantTensor(dims: dims, values: x.values)]
        case "Transpose":
            let x = try input(0)
            let perm = attributes.has("perm") ? try attributes.ints("perm") : Array(x.dims.indices.reversed())
            guard perm.sorted() == Array(x.dims.indices) else {
                throw attributes.error("has permutation \(perm) for rank \(x.dims.count)")
            }
            let dims = perm.map { x.dims[$0] }
            let strides = Self.strides(x.dims)
            return [
                ConstantTensor(
                    dims: dims,
                    values: Self.indices(dims).map { index in
                        x.values[zip(perm, index).map { strides[$0] * $1 }.reduce(0, +)]
                    })
            ]
        case "Slice":
            return [try slice(try input(0), inputs: inputs, attributes: attributes, opset: opset)]
        case "Unsqueeze", "Squeeze":
            let x = try input(0)
            let axesList =
                opset >= 13
                ? (inputs.count > 1 ? try input(1).integers : nil)
                : (attributes.has("axes") ? try attributes.ints("axes") : nil)
            if node.opType == "Unsqueeze" {
                guard let axesList else { throw attributes.error("has no axes") }
                let rank = x.dims.count + axesList.count
                let axes = Set(try axesList.map { try attributes.axis($0, rank: rank) })
                guard axes.count == axesList.count else { throw attributes.error("repeats an axis in \(axesList)") }
                var dims: [Int] = [], source = x.dims.makeIterator()
                for i in 0..<rank { dims.append(axes.contains(i) ? 1 : source.next()!) }
                return [ConstantTensor(dims: dims, values: x.values)]
            }
            let axes =
                try axesList.map { Set(try $0.map { try attributes.axis($0, rank: x.dims.count) }) }
                ?? Set(x.dims.indices.filter { x.dims[$0] == 1 })
            guard axes.allSatisfy({ x.dims[$0] == 1 }) else {
                throw attributes.error("squeezes axes \(axes.sorted()) of shape \(x.dims)")
            }
            return [
                ConstantTensor(
                    dims: x.dims.enumerated().filter { !axes.contains($0.offset) }.map(\.element), values: x.values)
            ]
        default:
            return nil
        }
    }

    /// Slice (opset 1–9: attributes; 10 on: inputs starts, ends, axes, steps), any steps.
    private static func slice(_ x: ConstantTensor, inputs: [ConstantTensor?], attributes: Attributes, opset: Int) throws
        -> ConstantTensor
    {
        let starts: [Int], ends: [Int], axesList: [Int]?, steps: [Int]?
        if opset < 10 {
            starts = try attributes.ints("starts")
            ends = try attributes.ints("ends")
            axesList = attributes.has("axes") ? try attributes.ints("axes") : nil
            steps = nil
        } else {
            guard inputs.count >= 3, let s = inputs[1], let e = inputs[2] else {
                throw attributes.error("needs starts and ends")
            }
            starts = s.integers
            ends = e.integers
            axesList = inputs.count > 3 ? inputs[3]?.integers : nil
            steps = inputs.count > 4 ? inputs[4]?.integers : nil
        }
        let axes = try (axesList ?? Array(starts.indices)).map { try attributes.axis($0, rank: x.dims.count) }
        guard starts.count == axes.count, ends.count == axes.count, (steps?.count ?? axes.count) == axes.count else {
            throw attributes.error("has \(starts.count) starts, \(ends.count) ends and \(axes.count) axes")
        }
        // Per axis the source indices kept, as numpy's slicing computes them.
        var kept = x.dims.map { Array(0..<$0) }
        for (i, axis) in axes.enumerated() {
            let size = x.dims[axis], step = steps?[i] ?? 1
            guard step != 0 else { throw attributes.error("has a step of 0") }
            func clampIndex(_ value: Int, low: Int, high: Int) -> Int {
                let v = value < 0 ? value &+ size : value
                return min(max(v, low), high)
            }
            var indices: [Int] = []
            if step > 0 {
                var j = clampIndex(starts[i], low: 0, high: size)
                let end = clampIndex(ends[i], low: 0, high: size)
                while j < end {
                    indices.append(j)
                    let (next, overflow) = j.addingReportingOverflow(step)
                    if overflow { break }
                    j = next
                }
            } else {
                var j = clampIndex(starts[i], low: -1, high: size - 1)
                let end = clampIndex(ends[i], low: -1, high: size - 1)
                while j > end {
                    indices.append(j)
                    let (next, overflow) = j.addingReportingOverflow(step)
                    if overflow { break }
                    j = next
                }
            }
            kept[axis] = indices
        }
        let dims = kept.map(\.count)
        let strides = Self.strides(x.dims)
        return ConstantTensor(
            dims: dims,
            values: Self.indices(dims).map { index in
                x.values[index.enumerated().map { strides[$0.offset] * kept[$0.offset][$0.element] }.reduce(0, +)]
            })
    }

    private static func strides(_ dims: [Int]) -> [Int] {
        var strides = Array(repeating: 1, count: dims.count)
        for i in dims.indices.reversed().dropFirst() { strides[i] = strides[i + 1] * dims[i + 1] }
        return strides
    }

    /// Every multi-index of a tensor of `dims`, in C order.
    private static func indices(_ dims: [Int]) -> [[Int]] {
        guard dims.allSatisfy({ $0 > 0 }) else { return [] }
        var result: [[Int]] = []
        var index = Array(repeating: 0, count: dims.count)
        while true {
            result.append(index)
            var axis = dims.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < dims[axis] { break }
                index[axis] = 0
                axis -= 1
            }
            if axis < 0 { return result }
        }
    }
}
