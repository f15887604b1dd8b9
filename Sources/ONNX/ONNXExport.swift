import Foundation
import NN
import StyleTransfer

/// A faststyle network as an ONNX model (opset 17): input `input`, output `output`, both float32
/// (N, 3, H, W) RGB in [0, 255] with dynamic N, H and W. The output is the network's raw output,
/// not clamped (a linear network's values stray a little outside [0, 255]: clamp before 8 bits).
/// H and W must be multiples of the architecture's size multiple (4 for Johnson's network), as
/// for faststyle's own forward pass; `stylize` pads other sizes itself.
public enum ONNXExport {
    public static let opset: Int64 = 17

    /// Writes `checkpoint`'s network to `path` atomically; `half` stores the weights as float16
    /// (cast to float32 in the graph: half the file, float32 arithmetic).
    public static func write(_ checkpoint: Checkpoint, to path: String, half: Bool = false, source: String) throws {
        try ONNXModelFile.write(try model(checkpoint, half: half, source: source), to: path)
    }

    static func model(_ checkpoint: Checkpoint, half: Bool, source: String) throws -> Onnx_ModelProto {
        let settings = checkpoint.settings.network
        var graph = GraphBuilder(
            half: half, parameters: checkpoint.parameters, buffers: checkpoint.buffers, source: source)
        var x = "input"
        var channels = 3
        let blocks = settings.architecture.blocks
        for (index, block) in blocks.enumerated() {
            let name = "layer\(index + 1)"
            switch block {
            case let .convolution(k, stride, _) where index == blocks.count - 1:
                x = try graph.convolution(x, name, kernelSize: k, stride: stride, padding: settings.padding, bias: true)
                if settings.outputActivation == .tanh {
                    x = graph.node("Tanh", [x], name: "output.tanh")
                    x = graph.node("Mul", [x, graph.scalar("output.scale", 127.5)], name: "output.scale")
                    x = graph.node("Add", [x, graph.scalar("output.offset", 127.5)], name: "output.offset")
                }
            case let .convolution(k, stride, c):
                x = try graph.convolutionBlock(x, name, kernelSize: k, stride: stride, settings: settings, relu: true)
                channels = c
            case let .down(c):
                x = try graph.convolutionBlock(x, name, kernelSize: 3, stride: 2, settings: settings, relu: true)
                channels = c
            case .residual:
                var y = try graph.convolutionBlock(
                    x, "\(name).1", kernelSize: 3, stride: 1, settings: settings, relu: true)
                y = try graph.convolutionBlock(
                    y, "\(name).2", kernelSize: 3, stride: 1, settings: settings, relu: false)
                x = graph.node("Add", [x, y], name: "\(name).add")
            case let .up(c):
                if settings.upsampling == .nearest {
                    x = graph.node(
                        "Resize", [x, "", graph.floats("upsample.scales", [1, 1, 2, 2])], name: "\(name).upsample",
                        attributes: [
                            .string("mode", "nearest"), .string("coordinate_transformation_mode", "asymmetric"),
                            .string("nearest_mode", "floor"),
                        ])
                    x = try graph.convolutionBlock(x, name, kernelSize: 3, stride: 1, settings: settings, relu: true)
                } else {
                    // ONNX's ConvTranspose weight is (Cin, Cout, K, K); faststyle's (Cout, Cin, K, K).
                    let weight = try graph.parameter("\(name).weight", shape: [c, channels, 3, 3])
                    var transposed = [Float](repeating: 0, count: weight.count)
                    for o in 0..<c {
                        for i in 0..<channels {
                            for p in 0..<9 {
                                transposed[(i * c + o) * 9 + p] = weight[(o * channels + i) * 9 + p]
                            }
                        }
                    }
                    let w = graph.weight("\(name).weight", dims: [channels, c, 3, 3], transposed)
                    x = graph.node(
                        "ConvTranspose", [x, w], name: name,
                        attributes: [
                            .ints("kernel_shape", [3, 3]), .ints("strides", [2, 2]), .ints("pads", [1, 1, 1, 1]),
                            .ints("output_padding", [1, 1]),
                        ])
                    x = try graph.normalization(x, name, channels: c, settings: settings, relu: true)
                }
                channels = c
            }
        }
        var model = Onnx_ModelProto()
        model.irVersion = 8
        model.producerName = "faststyle"
        var opsetImport = Onnx_OperatorSetIdProto()
        opsetImport.version = opset
        model.opsetImport = [opsetImport]
        model.docString =
            "faststyle transformation network \(settings.architecture) (\(settings.normalization.rawValue) "
            + "normalization, "
            + "\(settings.padding.rawValue) padding, \(settings.upsampling.rawValue) upsampling, "
            + "\(settings.outputActivation.rawValue) output). "
            + "input: float32 (N, 3, H, W), RGB in [0, 255]; H and W multiples of "
            + "\(settings.architecture.sizeMultiple). "
            + "output: float32 (N, 3, H, W), RGB, about [0, 255]: clamp before converting to 8 bits."
        model.metadataProps = [
            ("architecture", settings.architecture.description), ("normalization", settings.normalization.rawValue),
            ("padding", settings.padding.rawValue), ("upsampling", settings.upsampling.rawValue),
            ("output_activation", settings.outputActivation.rawValue), ("iteration", "\(checkpoint.iteration)"),
            ("size_multiple", "\(settings.architecture.sizeMultiple)"),
        ].map { key, value in
            var entry = Onnx_StringStringEntryProto()
            entry.key = key
            entry.value = value
            return entry
        }
        model.graph = graph.graph(input: "input", output: "output", name: "faststyle")
        return model
    }
}

/// Nodes and initializers of the graph being written.
private struct GraphBuilder {
    enum Attribute {
        case int(String, Int)
        case float(String, Float)
        case ints(String, [Int])
        case string(String, String)
    }
    let half: Bool
    let parameters: [String: (shape: [Int], values: [Float])]
    let buffers: [String: (shape: [Int], values: [Float])]
    let source: String
    private var nodes: [Onnx_NodeProto] = []
    private var initializers: [Onnx_TensorProto] = []
    private var names = Set<String>()

    init(
        half: Bool, parameters: [(name: String, shape: [Int], values: [Float])],
        buffers: [(name: String, shape: [Int], values: [Float])],
        source: String
    ) {
        self.half = half
        self.parameters = Dictionary(
            parameters.map { ($0.name, ($0.shape, $0.values)) }, uniquingKeysWith: { a, _ in a })
        self.buffers = Dictionary(buffers.map { ($0.name, ($0.shape, $0.values)) }, uniquingKeysWith: { a, _ in a })
        self.source = source
    }

    /// A stored parameter, which must have `shape`.
    func parameter(_ name: String, shape: [Int], buffer: Bool = false) throws -> [Float] {
        guard let stored = (buffer ? buffers : parameters)[name] else {
            throw ONNXError(source, "has no \(buffer ? "buffer" : "parameter") \(name), which its architecture needs")
        }
        guard stored.shape == shape else {
            throw ONNXError(source, "its parameter \(name) has shape \(stored.shape), the network needs \(shape)")
        }
        return stored.values
    }

    /// A float32 initializer (used once, by name).
    mutating func floats(_ name: String, _ values: [Float], dims: [Int]? = nil) -> String {
        guard names.insert(name).inserted else { return name }
        var tensor = Onnx_TensorProto()
        tensor.name = name
        tensor.dims = (dims ?? [values.count]).map { Int64($0) }
        tensor.dataType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        tensor.rawData = Data(values.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) })
        initializers.append(tensor)
        return name
    }

    mutating func scalar(_ name: String, _ value: Float) -> String { floats(name, [value], dims: []) }

    mutating func int64s(_ name: String, _ values: [Int]) -> String {
        guard names.insert(name).inserted else { return name }
        var tensor = Onnx_TensorProto()
        tensor.name = name
        tensor.dims = [Int64(values.count)]
        tensor.dataType = Int32(Onnx_TensorProto.DataType.int64.rawValue)
        tensor.rawData = Data(values.flatMap { withUnsafeBytes(of: Int64($0).littleEndian, Array.init) })
        initializers.append(tensor)
        return name
    }

    /// A learned tensor: float32, or float16 cast to float32 in the graph when `half`.
    mutating func weight(_ name: String, dims: [Int], _ values: [Float]) -> String {
        guard half else { return floats(name, values, dims: dims) }
        var tensor = Onnx_TensorProto()
        tensor.name = "\(name).float16"
        tensor.dims = dims.map { Int64($0) }
        tensor.dataType = Int32(Onnx_TensorProto.DataType.float16.rawValue)
        tensor.rawData = Data(values.flatMap { withUnsafeBytes(of: Float16($0).bitPattern.littleEndian, Array.init) })
        initializers.append(tensor)
        return node(
            "Cast", [tensor.name], name: name, attributes: [.int("to", Onnx_TensorProto.DataType.float.rawValue)],
            output: name)
    }

    /// Appends a node; returns its output's name (the node's name unless given).
    mutating func node(
        _ op: String, _ inputs: [String], name: String, attributes: [Attribute] = [], output: String? = nil
    ) -> String {
        var node = Onnx_NodeProto()
        node.opType = op
        node.name = name
        node.input = inputs
        node.output = [output ?? "\(name).output"]
        node.attribute = attributes.map { attribute in
            var a = Onnx_AttributeProto()
            switch attribute {
            case let .int(n, v): a.name = n; a.type = .int; a.i = Int64(v)
            case let .float(n, v): a.name = n; a.type = .float; a.f = v
            case let .ints(n, v): a.name = n; a.type = .ints; a.ints = v.map { Int64($0) }
            case let .string(n, v): a.name = n; a.type = .string; a.s = Data(v.utf8)
            }
            return a
        }
        nodes.append(node)
        return node.output[0]
    }

    /// [Pad] Conv, the weights of `name` (and its bias when `bias`).
    mutating func convolution(
        _ x: String, _ name: String, kernelSize k: Int, stride: Int, padding: PaddingMode, bias: Bool
    ) throws -> String {
        let shape = try parameterShape("\(name).weight")
        let w = weight("\(name).weight", dims: shape, try parameter("\(name).weight", shape: shape))
        var inputs = [x, w]
        if bias {
            inputs.append(weight("\(name).bias", dims: [shape[0]], try parameter("\(name).bias", shape: [shape[0]])))
        }
        var input = x
        var pads = Array(repeating: k / 2, count: 4)
        if padding == .reflection, k > 1 {
            input = node(
                "Pad", [x, int64s("pads.\(k / 2)", [0, 0, k / 2, k / 2, 0, 0, k / 2, k / 2])], name: "\(name).pad",
                attributes: [.string("mode", "reflect")])
            pads = [0, 0, 0, 0]
        }
        inputs[0] = input
        return node(
            "Conv", inputs, name: name,
            attributes: [.ints("kernel_shape", [k, k]), .ints("strides", [stride, stride]), .ints("pads", pads)])
    }

    /// [Pad] Conv (no bias: the normalization after it removes one), normalization, [Relu].
    mutating func convolutionBlock(
        _ x: String, _ name: String, kernelSize: Int, stride: Int, settings: TransformerSettings, relu: Bool
    ) throws -> String {
        let y = try convolution(x, name, kernelSize: kernelSize, stride: stride, padding: settings.padding, bias: false)
        return try normalization(
            y, name, channels: try parameterShape("\(name).weight")[0], settings: settings, relu: relu)
    }

    mutating func normalization(_ x: String, _ name: String, channels c: Int, settings: TransformerSettings, relu: Bool)
        throws -> String
    {
        let norm = "\(name).norm"
        let scale = weight("\(norm).weight", dims: [c], try parameter("\(norm).weight", shape: [c]))
        let shift = weight("\(norm).bias", dims: [c], try parameter("\(norm).bias", shape: [c]))
        var y: String
        switch settings.normalization {
        case .instance:
            y = node("InstanceNormalization", [x, scale, shift], name: norm, attributes: [.float("epsilon", 1e-5)])
        case .batch:
            let mean = weight(
                "\(norm).running_mean", dims: [c], try parameter("\(norm).running_mean", shape: [c], buffer: true))
            let variance = weight(
                "\(norm).running_var", dims: [c], try parameter("\(norm).running_var", shape: [c], buffer: true))
            y = node(
                "BatchNormalization", [x, scale, shift, mean, variance], name: norm,
                attributes: [.float("epsilon", 1e-5)])
        }
        if relu { y = node("Relu", [y], name: "\(name).relu") }
        return y
    }

    private func parameterShape(_ name: String) throws -> [Int] {
        guard let stored = parameters[name] else {
            throw ONNXError(source, "has no parameter \(name), which its architecture needs")
        }
        return stored.shape
    }

    /// The graph: `input` and `output` float32 (N, 3, H, W) with named dynamic dimensions.
    func graph(input: String, output: String, name: String) -> Onnx_GraphProto {
        func image(_ name: String) -> Onnx_ValueInfoProto {
            var value = Onnx_ValueInfoProto()
            value.name = name
            var tensor = Onnx_TypeProto.Tensor()
            tensor.elemType = Int32(Onnx_TensorProto.DataType.float.rawValue)
            tensor.shape.dim = ["batch", "3", "height", "width"].map { text in
                var dim = Onnx_TensorShapeProto.Dimension()
                if let n = Int64(text) { dim.dimValue = n } else { dim.dimParam = text }
                return dim
            }
            value.type.tensorType = tensor
            return value
        }
        var graph = Onnx_GraphProto()
        graph.name = name
        graph.node = nodes
        graph.initializer = initializers
        graph.input = [image(input)]
        graph.output = [image(output)]
        // The last node computes the network's output: it writes it under the output's name.
        if !graph.node.isEmpty { graph.node[graph.node.count - 1].output[0] = output }
        return graph
    }
}
