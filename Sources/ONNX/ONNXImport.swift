import Foundation
import NN
import StyleTransfer

/// ONNX graphs of the TransformerNet family as faststyle networks: the graphs `torch.onnx.export`
/// makes of pytorch/examples' TransformerNet at opsets 9 to 17 (Pad in reflect mode, Conv,
/// InstanceNormalization, Relu, Add, Upsample or Resize), the ONNX Model Zoo's fast neural style
/// models (the same network, exported) and what `ONNXExport` writes. The graph is mapped to
/// `Architecture` blocks by its structure, every shape is checked, and anything else is an error
/// naming the node and op — never a network that computes something else.
public enum ONNXImport {
    /// The network in the ONNX model at `path`, as a model-only checkpoint (default training
    /// settings, iteration 0, no history or style targets).
    public static func checkpoint(fromFile path: String) throws -> Checkpoint {
        try checkpoint(from: try ONNXModelFile.read(path), path: path)
    }

    static func checkpoint(from model: Onnx_ModelProto, path: String) throws -> Checkpoint {
        var matcher = try GraphMatcher(model, path: path)
        return try matcher.checkpoint()
    }
}

/// One convolution of the graph with what surrounds it: the upsampling and padding before it,
/// the normalization and ReLU after it. Weights in faststyle's layout (Cout, Cin, K, K).
private struct MatchedConvolution {
    enum Normalization {
        case instance(scale: [Float], shift: [Float])
        case batch(scale: [Float], shift: [Float], mean: [Float], variance: [Float])
    }
    var first: Onnx_NodeProto
    var kernelSize: Int
    var stride: Int
    var outChannels: Int
    var weight: [Float]
    var bias: [Float]?
    var upsampling: TransformerSettings.Upsampling?
    /// nil when the convolution pads nothing (1×1) or is transposed.
    var padding: PaddingMode?
    var normalization: Normalization?
    var relu: Bool
    var output: String
}

private struct GraphMatcher {
    let path: String
    let graph: Onnx_GraphProto
    let opset: Int
    private var constants: [String: ConstantTensor] = [:]
    /// For each tensor, the nodes (not computed as constants) that read it.
    private var consumers: [String: [Int]] = [:]
    private var matched = Set<Int>()
    /// Each node by its first output (outputs are unique in a valid graph).
    private var nodeIndex: [String: Int] = [:]
    private var folded = Set<Int>()
    private let input: String
    private let output: String

    init(_ model: Onnx_ModelProto, path: String) throws {
        self.path = path
        graph = model.graph
        guard let opset = model.opsetImport.first(where: { $0.domain.isEmpty || $0.domain == "ai.onnx" }) else {
            throw ONNXError(path, "the model imports no version of the standard ONNX operators (opset_import)")
        }
        self.opset = Int(opset.version)
        for initializer in graph.initializer {
            constants[initializer.name] = try ConstantTensor(
                initializer, what: "initializer '\(initializer.name)'", path: path)
        }
        for (index, node) in graph.node.enumerated() {
            guard let first = node.output.first, !first.isEmpty, nodeIndex[first] == nil else {
                throw ONNXError(
                    path, node: (Attributes.label(node), node.opType), "has no output, or one another node also writes")
            }
            nodeIndex[first] = index
            if let outputs = try ConstantFolding.evaluate(node, constants: constants, opset: self.opset, path: path) {
                guard outputs.count == node.output.count else {
                    throw ONNXError(
                        path, node: (Attributes.label(node), node.opType),
                        "has \(node.output.count) outputs, expected \(outputs.count)")
                }
                for (name, value) in zip(node.output, outputs) { constants[name] = value }
                folded.insert(index)
            } else {
                for name in node.input where !name.isEmpty { consumers[name, default: []].append(index) }
            }
        }
        let known = constants
        let inputs = graph.input.filter { known[$0.name] == nil }
        guard inputs.count == 1 else {
            throw ONNXError(
                path,
                "the graph has \(inputs.count) inputs (\(inputs.map(\.name).joined(separator: ", "))); "
                    + "a style network has one, the image")
        }
        guard graph.output.count == 1 else {
            throw ONNXError(path, "the graph has \(graph.output.count) outputs; a style network has one, the image")
        }
        input = inputs[0].name
        output = graph.output[0].name
        try Self.checkImage(inputs[0], role: "input", path: path)
        try Self.checkImage(graph.output[0], role: "output", path: path)
    }

    /// A float tensor (N, 3, H, W), as far as the graph declares it.
    private static func checkImage(_ value: Onnx_ValueInfoProto, role: String, path: String) throws {
        guard value.hasType, case .tensorType(let tensor)? = value.type.value else { return }
        if tensor.elemType != 0, tensor.elemType != Int32(Onnx_TensorProto.DataType.float.rawValue) {
            throw ONNXError(
                path,
                "the graph's \(role) '\(value.name)' has element type \(tensor.elemType), not float32: "
                    + "faststyle takes networks of float32 RGB images")
        }
        guard tensor.hasShape else { return }
        let dims = tensor.shape.dim.map { dim -> Int? in
            if case .dimValue(let v)? = dim.value { return Int(v) }
            return nil
        }
        guard dims.count == 4, dims[1] == nil || dims[1] == 3 else {
            let text = dims.map { $0.map(String.init) ?? "?" }.joined(separator: ", ")
            throw ONNXError(
                path,
                "the graph's \(role) '\(value.name)' has shape (\(text)), not an RGB image (N, 3, H, W): "
                    + "this is not a style network (a classifier?)")
        }
    }

    private func error(_ node: Onnx_NodeProto, _ problem: String) -> ONNXError {
        ONNXError(path, node: (Attributes.label(node), node.opType), problem)
    }

    /// The one node that reads `tensor`; `expecting` says what the network has there.
    private func single(_ tensor: String, expecting: String) throws -> Onnx_NodeProto {
        let users = consumers[tensor] ?? []
        guard users.count == 1 else {
            if users.isEmpty {
                throw ONNXError(path, "tensor '\(tensor)' ends the chain early: \(expecting) was expected to read it")
            }
            let names = users.map { "'\(Attributes.label(graph.node[$0]))' (\(graph.node[$0].opType))" }
            throw ONNXError(
                path,
                "tensor '\(tensor)' is read by \(users.count) nodes, \(names.joined(separator: ", ")), where a "
                    + "TransformerNet has one (\(expecting))")
        }
        return graph.node[users[0]]
    }

    /// Marks `node` as part of the network; a node reached twice means the graph has a cycle.
    private mutating func use(_ node: Onnx_NodeProto) throws {
        guard let index = nodeIndex[node.output[0]], matched.insert(index).inserted else {
            throw error(node, "is reached twice from the input: the graph has a cycle")
        }
    }

    private func constant(_ node: Onnx_NodeProto, input index: Int, _ role: String) throws -> ConstantTensor? {
        guard index < node.input.count, !node.input[index].isEmpty else { return nil }
        guard let value = constants[node.input[index]] else {
            throw error(
                node, "its \(role) ('\(node.input[index])') is computed at run time; faststyle needs it constant")
        }
        return value
    }

    private func vector(_ node: Onnx_NodeProto, input index: Int, _ role: String, count: Int) throws -> [Float] {
        guard let value = try constant(node, input: index, role) else { throw error(node, "has no \(role)") }
        guard value.count == count, value.dims.count <= 1 || value.dims.filter({ $0 != 1 }).count <= 1 else {
            throw error(node, "its \(role) has shape \(value.dims), the layer has \(count) channels")
        }
        return value.floats
    }

    mutating func checkpoint() throws -> Checkpoint {
        var tokens: [String] = []
        var parameters: [(name: String, shape: [Int], values: [Float])] = []
        var buffers: [(name: String, shape: [Int], values: [Float])] = []
        var normalizations = Set<String>(), paddings = Set<PaddingMode>(),
            upsamplings = Set<TransformerSettings.Upsampling>()
        var outputActivation = TransformerSettings.OutputActivation.linear
        var x = input, channels = 3

        /// Adds a matched convolution's parameters under faststyle's names (`name`.weight, `name`.norm.*).
        func add(_ conv: MatchedConvolution, named name: String, inChannels: Int) {
            let k = conv.kernelSize
            parameters.append(("\(name).weight", [conv.outChannels, inChannels, k, k], conv.weight))
            if let p = conv.padding { paddings.insert(p) }
            if let u = conv.upsampling { upsamplings.insert(u) }
            switch conv.normalization {
            case let .instance(scale, shift)?:
                // A bias before instance normalization shifts each channel's mean and is removed with it.
                normalizations.insert("instance")
                parameters += [
                    ("\(name).norm.weight", [conv.outChannels], scale),
                    ("\(name).norm.bias", [conv.outChannels], shift),
                ]
            case let .batch(scale, shift, mean, variance)?:
                // Batch normalization subtracts its running mean: a bias before it moves into that mean.
                normalizations.insert("batch")
                let bias = conv.bias ?? Array(repeating: 0, count: conv.outChannels)
                parameters += [
                    ("\(name).norm.weight", [conv.outChannels], scale),
                    ("\(name).norm.bias", [conv.outChannels], shift),
                ]
                buffers += [
                    ("\(name).norm.running_mean", [conv.outChannels], zip(mean, bias).map { $0 - $1 }),
                    ("\(name).norm.running_var", [conv.outChannels], variance),
                ]
            case nil:
                parameters.append(
                    ("\(name).bias", [conv.outChannels], conv.bias ?? Array(repeating: 0, count: conv.outChannels)))
            }
        }

        while true {
            let name = "layer\(tokens.count + 1)"
            let users = (consumers[x] ?? []).map { graph.node[$0] }
            if users.count == 2, let addition = users.first(where: { $0.opType == "Add" }),
                let start = users.first(where: { $0 != addition })
            {
                // A residual block: two 3×3 convolutions of the input's channels, added to the input.
                let first = try convolution(startingAt: start, inChannels: channels)
                let second = try convolution(
                    startingAt: try single(first.output, expecting: "the residual block's second convolution"),
                    inChannels: first.outChannels)
                guard first.relu else { throw notReLU(after: first) }
                for (conv, relu) in [(first, true), (second, false)] {
                    guard conv.kernelSize == 3, conv.stride == 1, conv.upsampling == nil, conv.outChannels == channels,
                        conv.normalization != nil, conv.relu == relu
                    else {
                        throw error(
                            conv.first,
                            "starts a residual block that is not faststyle's (two 3×3 stride-1 convolutions of "
                                + "\(channels) channels, each normalized, ReLU after the first only)")
                    }
                }
                guard Set(addition.input) == [x, second.output], addition.input.count == 2 else {
                    throw error(
                        addition, "does not add the residual block's input '\(x)' to its last normalization's output")
                }
                try use(addition)
                add(first, named: "\(name).1", inChannels: channels)
                add(second, named: "\(name).2", inChannels: channels)
                tokens.append("R\(channels)")
                x = addition.output[0]
                continue
            }
            if users.isEmpty {
                throw ONNXError(
                    path,
                    "tensor '\(x)' is read by no node and is not the graph's output: the graph ends without "
                        + "a last convolution to 3 channels")
            }
            let conv = try convolution(
                startingAt: try single(x, expecting: "a convolution (with its padding or upsampling)"),
                inChannels: channels)
            if conv.normalization == nil {
                // The last layer: a convolution to RGB, linear or 127.5·tanh + 127.5.
                guard conv.outChannels == 3, conv.upsampling == nil else {
                    throw error(
                        conv.first,
                        "a convolution without normalization must be the network's last layer, to 3 channels")
                }
                add(conv, named: name, inChannels: channels)
                tokens.append("c\(conv.kernelSize)s\(conv.stride)-3")
                let end = try outputActivationEnd(after: conv.output)
                outputActivation = end.activation
                guard end.tensor == output else {
                    throw ONNXError(
                        path, "the last convolution's output '\(end.tensor)' is not the graph's output '\(output)'")
                }
                break
            }
            guard conv.relu else { throw notReLU(after: conv) }
            add(conv, named: name, inChannels: channels)
            switch (conv.upsampling, conv.kernelSize, conv.stride) {
            case (_?, 3, 1): tokens.append("u\(conv.outChannels)")
            case (_?, _, _):
                throw error(
                    conv.first,
                    "upsamples before a \(conv.kernelSize)×\(conv.kernelSize) stride-\(conv.stride) convolution; "
                        + "faststyle's upsampling blocks (uN) have a 3×3 stride-1 one")
            case (nil, 3, 2): tokens.append("d\(conv.outChannels)")
            default: tokens.append("c\(conv.kernelSize)s\(conv.stride)-\(conv.outChannels)")
            }
            channels = conv.outChannels
            x = conv.output
        }

        for (index, node) in graph.node.enumerated() where !matched.contains(index) && !folded.contains(index) {
            throw error(
                node,
                "is not part of a TransformerNet's chain from the input to the output (an op faststyle cannot take "
                    + "here)"
            )
        }
        // A network of one convolution (c9s1-3) has no normalization at all.
        guard normalizations.count <= 1,
            let normalization = TransformerSettings.Normalization(rawValue: normalizations.first ?? "instance")
        else {
            throw ONNXError(
                path, "the network mixes instance and batch normalization; faststyle's networks use one kind")
        }
        guard paddings.count <= 1, upsamplings.count <= 1 else {
            throw ONNXError(
                path,
                "the network mixes "
                    + "\(paddings.count > 1 ? "reflection and zero padding" : "nearest and transposed upsampling"); "
                    + "faststyle's networks use one kind")
        }
        var settings = TransformerSettings()
        do {
            settings.architecture = try Architecture(tokens.joined(separator: ","))
        } catch let problem as ArchitectureError {
            throw ONNXError(path, "the graph's layers do not make a faststyle network: \(problem.description)")
        }
        settings.normalization = normalization
        settings.padding = paddings.first ?? .reflection
        settings.upsampling = upsamplings.first ?? .nearest
        settings.outputActivation = outputActivation
        var training = TrainingSettings()
        training.network = settings
        let checkpoint = Checkpoint(
            settings: training, iteration: 0, seconds: 0, parameters: parameters, buffers: buffers,
            styleTargets: [:], optimizer: nil, history: [], importedFrom: (path as NSString).lastPathComponent)
        // Every parameter's presence and shape, as a checkpoint's are checked when a network is built from it.
        try checkpoint.load(into: try TransformerNet(settings: settings), path: path)
        return checkpoint
    }

    /// The error for a normalization followed by something else than Relu, naming what follows it.
    private func notReLU(after conv: MatchedConvolution) -> ONNXError {
        let next = (consumers[conv.output] ?? []).map { graph.node[$0] }
        guard next.count == 1 else { return error(conv.first, "this block's normalization is not followed by Relu") }
        return error(next[0], "faststyle cannot take this op here: a TransformerNet has Relu after this normalization")
    }

    /// The graph after the last convolution: nothing (linear), or Tanh, Mul by 127.5, Add 127.5.
    private mutating func outputActivationEnd(after tensor: String) throws -> (
        tensor: String, activation: TransformerSettings.OutputActivation
    ) {
        guard tensor != output else { return (tensor, .linear) }
        let tanh = try single(tensor, expecting: "the graph's output, or Tanh")
        guard tanh.opType == "Tanh" else {
            throw error(
                tanh, "follows the last convolution; faststyle's networks end there or with 127.5·tanh(z) + 127.5")
        }
        try use(tanh)
        var x = tanh.output[0]
        for op in ["Mul", "Add"] {
            let node = try single(x, expecting: op)
            let operands = node.input.filter { $0 != x }
            guard node.opType == op, node.input.count == 2, operands.count == 1, let value = constants[operands[0]],
                value.count == 1, value.values[0] == 127.5
            else {
                throw error(node, "after Tanh faststyle's networks have Mul by 127.5 then Add 127.5")
            }
            try use(node)
            x = node.output[0]
        }
        return (x, .tanh)
    }

    /// [Upsample or Resize] [Pad] Conv or ConvTranspose [normalization [Relu]], from `start`.
    private mutating func convolution(startingAt start: Onnx_NodeProto, inChannels: Int) throws -> MatchedConvolution {
        var node = start
        var upsampling: TransformerSettings.Upsampling?
        if node.opType == "Upsample" || node.opType == "Resize" {
            try requireNearestDoubling(node)
            try use(node)
            upsampling = .nearest
            node = try single(node.output[0], expecting: "Pad or Conv after the upsampling")
        }
        var padded: (mode: PaddingMode, amount: Int)?
        if node.opType == "Pad" {
            padded = try padding(node)
            try use(node)
            node = try single(node.output[0], expecting: "Conv after Pad")
        }
        guard node.opType == "Conv" || (node.opType == "ConvTranspose" && upsampling == nil && padded == nil) else {
            throw error(
                node,
                "faststyle cannot take this op here: a TransformerNet has a convolution (Conv) "
                    + "\(upsampling == nil && padded == nil ? "or a residual block " : "")at this point")
        }
        try use(node)
        let attributes = Attributes(node, path: path)
        guard let weight = try constant(node, input: 1, "weight"), weight.dims.count == 4,
            weight.dims[2] == weight.dims[3],
            weight.dims[2] % 2 == 1
        else {
            throw error(
                node,
                "its weight is not a square odd-sized 2-D kernel (shape "
                    + "\(try constant(node, input: 1, "weight")?.dims ?? []))"
            )
        }
        let transposed = node.opType == "ConvTranspose"
        let k = weight.dims[2]
        let (outChannels, weightInputs) =
            transposed ? (weight.dims[1], weight.dims[0]) : (weight.dims[0], weight.dims[1])
        guard weightInputs == inChannels else {
            throw error(
                node,
                "its weight \(weight.dims) takes \(weightInputs) input channels; the layer before gives \(inChannels)")
        }
        guard try attributes.int("group", default: 1) == 1,
            try attributes.ints("dilations", default: [1, 1]) == [1, 1],
            try attributes.string("auto_pad", default: "NOTSET") == "NOTSET"
        else {
            throw error(node, "has groups, dilations or auto_pad, which faststyle's convolutions do not")
        }
        if attributes.has("kernel_shape"), try attributes.ints("kernel_shape") != [k, k] {
            throw error(
                node, "its kernel_shape \(try attributes.ints("kernel_shape")) does not match its weight \(weight.dims)"
            )
        }
        let strides = try attributes.ints("strides", default: [1, 1])
        let pads = try attributes.ints("pads", default: [0, 0, 0, 0])
        var padding: PaddingMode?
        var stride = 1
        if transposed {
            // faststyle's transposed upsampling: stride 2, padding K/2, output padding 1 (exactly ×2).
            guard strides == [2, 2], pads == Array(repeating: k / 2, count: 4), k == 3,
                try attributes.ints("output_padding", default: [0, 0]) == [1, 1], !attributes.has("output_shape")
            else {
                throw error(
                    node, "is not faststyle's ×2 transposed convolution (3×3, stride 2, pads 1, output_padding 1)")
            }
            upsampling = .transposed
        } else {
            guard strides == [1, 1] || strides == [2, 2] else {
                throw error(node, "has strides \(strides); faststyle's are 1 or 2")
            }
            stride = strides[0]
            if let padded {
                guard pads.allSatisfy({ $0 == 0 }), padded.amount == k / 2 else {
                    throw error(
                        node,
                        "pads by \(padded.amount) before a \(k)×\(k) kernel (and \(pads) itself); "
                            + "faststyle pads by K/2"
                    )
                }
                padding = k > 1 ? padded.mode : nil
            } else {
                guard pads == Array(repeating: k / 2, count: 4) else {
                    throw error(
                        node,
                        "pads by \(pads) with a \(k)×\(k) kernel; faststyle's convolutions keep the size (pads K/2)")
                }
                padding = k > 1 ? .zero : nil
            }
        }
        var values = weight.floats
        if transposed {
            // ONNX's ConvTranspose weight is (Cin, Cout, K, K); faststyle's (Cout, Cin, K, K).
            let plane = k * k
            values = [Float](repeating: 0, count: values.count)
            for i in 0..<inChannels {
                for o in 0..<outChannels {
                    for p in 0..<plane {
                        values[(o * inChannels + i) * plane + p] = weight.floats[(i * outChannels + o) * plane + p]
                    }
                }
            }
        }
        let bias =
            try constant(node, input: 2, "bias") == nil ? nil : try vector(node, input: 2, "bias", count: outChannels)
        var result = MatchedConvolution(
            first: start, kernelSize: k, stride: stride, outChannels: outChannels, weight: values, bias: bias,
            upsampling: upsampling, padding: padding, normalization: nil, relu: false, output: node.output[0])
        let after = (consumers[result.output] ?? []).map { graph.node[$0] }
        guard after.count == 1, ["InstanceNormalization", "BatchNormalization"].contains(after[0].opType) else {
            return result
        }
        let norm = after[0]
        try use(norm)
        let epsilon = try Attributes(norm, path: path).float("epsilon", default: 1e-5)
        guard epsilon == 1e-5 else {
            throw error(norm, "has epsilon \(epsilon); faststyle's normalizations use 1e-5 (as PyTorch)")
        }
        let scale = try vector(norm, input: 1, "scale", count: outChannels),
            shift = try vector(norm, input: 2, "shift", count: outChannels)
        if norm.opType == "InstanceNormalization" {
            result.normalization = .instance(scale: scale, shift: shift)
        } else {
            guard norm.output.count == 1 || norm.output.dropFirst().allSatisfy(\.isEmpty),
                try Attributes(norm, path: path).int("training_mode", default: 0) == 0
            else {
                throw error(norm, "is in training mode; faststyle imports inference graphs (running statistics)")
            }
            let variance = try vector(norm, input: 4, "running variance", count: outChannels)
            guard variance.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
                throw error(norm, "has a negative or infinite running variance")
            }
            result.normalization = .batch(
                scale: scale, shift: shift, mean: try vector(norm, input: 3, "running mean", count: outChannels),
                variance: variance)
        }
        result.output = norm.output[0]
        let next = (consumers[result.output] ?? []).map { graph.node[$0] }
        if next.count == 1, next[0].opType == "Relu" {
            try use(next[0])
            result.relu = true
            result.output = next[0].output[0]
        }
        return result
    }

    /// Upsample or Resize by exactly 2 in height and width, nearest neighbour, with a rounding
    /// that repeats each pixel twice (as PyTorch's `interpolate(mode='nearest', scale_factor=2)`).
    private func requireNearestDoubling(_ node: Onnx_NodeProto) throws {
        let attributes = Attributes(node, path: path)
        guard try attributes.string("mode", default: "nearest") == "nearest" else {
            throw error(
                node,
                "upsamples in mode '\(try attributes.string("mode", default: ""))'; faststyle's networks upsample "
                    + "nearest"
            )
        }
        var scales: [Float]?
        if node.opType == "Upsample", attributes.has("scales") {
            scales = try attributes.floats("scales")
        } else {
            let index = node.opType == "Resize" && opset >= 11 ? 2 : 1
            scales = try constant(node, input: index, "scales")?.floats
            if scales?.isEmpty ?? true, (try constant(node, input: 3, "sizes")) != nil {
                throw error(node, "resizes to given sizes; faststyle's networks upsample by a constant scale of 2")
            }
        }
        guard scales == [1, 1, 2, 2] else {
            throw error(
                node,
                "scales by \(scales.map { "\($0)" } ?? "nothing"); faststyle's networks upsample height and width ×2")
        }
        guard node.opType == "Resize", opset >= 11 else { return }
        let coordinates = try attributes.string("coordinate_transformation_mode", default: "half_pixel")
        let rounding = try attributes.string("nearest_mode", default: "round_prefer_floor")
        // Output pixel i of a ×2 resize reads input i/2 (asymmetric) or i/2 − 1/4 (half pixel), rounded.
        let repeats =
            coordinates == "asymmetric"
            ? ["floor", "round_prefer_floor"].contains(rounding)
            : ["half_pixel", "pytorch_half_pixel"].contains(coordinates) && rounding != "ceil"
        guard repeats else {
            throw error(
                node,
                "its coordinate_transformation_mode '\(coordinates)' with nearest_mode '\(rounding)' does not repeat "
                    + "each pixel twice, as faststyle's nearest upsampling does")
        }
    }

    /// The mode and amount of a Pad that pads height and width alike on every side.
    private func padding(_ node: Onnx_NodeProto) throws -> (mode: PaddingMode, amount: Int) {
        let attributes = Attributes(node, path: path)
        let mode = try attributes.string("mode", default: "constant")
        let pads: [Int]
        var value: Double = 0
        if opset < 11 {
            pads = try attributes.ints(attributes.has("pads") ? "pads" : "paddings")
            value = Double(try attributes.float("value", default: 0))
        } else {
            guard let p = try constant(node, input: 1, "pads") else { throw error(node, "has no pads") }
            pads = p.integers
            value = try constant(node, input: 2, "constant value")?.values.first ?? 0
            if try constant(node, input: 3, "axes") != nil {
                throw error(node, "pads given axes; faststyle reads pads of all four axes")
            }
        }
        guard pads.count == 8, pads[0] == 0, pads[1] == 0, pads[4] == 0, pads[5] == 0,
            Set([pads[2], pads[3], pads[6], pads[7]]).count == 1
        else {
            throw error(node, "pads \(pads); faststyle's layers pad height and width by the same amount on every side")
        }
        switch mode {
        case "reflect": return (.reflection, pads[2])
        case "constant" where value == 0: return (.zero, pads[2])
        default:
            throw error(
                node,
                "pads in mode '\(mode)'\(mode == "constant" ? " with \(value)" : ""); faststyle pads by reflection or "
                    + "zeros"
            )
        }
    }
}
