import CDNNL
import Foundation

/// Which channel layout activations use on this machine.
public enum ChannelLayout {
    /// The channel block of oneDNN's fastest convolutions here: 16 with AVX-512, 8 with AVX2;
    /// asked of oneDNN once. `FASTSTYLE_CHANNEL_BLOCK` (1, 8 or 16) overrides it, for tests.
    public static let preferredBlock: Int = {
        if let value = ProcessInfo.processInfo.environment["FASTSTYLE_CHANNEL_BLOCK"], let block = Int(value),
            [1, 8, 16].contains(block)
        {
            return block
        }
        var src = DNNL.descriptor(shape: [1, 64, 16, 16], tag: dnnl_format_tag_any)
        var weights = DNNL.descriptor(shape: [64, 64, 3, 3], tag: dnnl_format_tag_any)
        var dst = DNNL.descriptor(shape: [1, 64, 16, 16], tag: dnnl_format_tag_any)
        var op = dnnl_convolution_desc_t()
        let one: [Int64] = [1, 1]
        DNNL.check(
            dnnl_convolution_forward_desc_init(
                &op, dnnl_forward_training, dnnl_convolution_direct,
                &src, &weights, nil, &dst, one, one, one), "probe convolution")
        let probe = Primitive(operation: &op, name: "layout probe")
        return DNNL.channelBlock(of: probe.memoryDescriptor(dnnl_query_src_md)) ?? 1
    }()

    /// The block for a tensor of `channels` channels: images (3 channels) stay plain NCHW,
    /// feature maps use the preferred block.
    public static func block(forChannels channels: Int) -> Int {
        channels >= 8 ? preferredBlock : 1
    }
}
