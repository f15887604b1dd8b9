import CFFmpeg
import Foundation
import Imaging
import Platform

/// Encodes RGB frames into a new file and copies the audio streams of the source packet by
/// packet (no re-encoding). The container is chosen by `name`'s extension, so that the file can
/// be written under a temporary name (`AtomicFile`) and renamed into place when complete. Frames
/// keep the source's timestamps (frame rate, variable or not, and duration), colour description,
/// pixel aspect ratio and rotation.
final class VideoWriter {
    /// The output as the user named it, for messages.
    private let name: String
    private var output: UnsafeMutablePointer<AVFormatContext>?
    private var encoder: UnsafeMutablePointer<AVCodecContext>?
    private var rgb: UnsafeMutablePointer<AVFrame>? = av_frame_alloc()
    private var yuv: UnsafeMutablePointer<AVFrame>? = av_frame_alloc()
    private var packet: UnsafeMutablePointer<AVPacket>? = av_packet_alloc()
    private var scaler: OpaquePointer?
    private let videoStream: UnsafeMutablePointer<AVStream>
    /// Output stream and time base of each copied input stream, by input index.
    private var copies: [Int32: (stream: UnsafeMutablePointer<AVStream>, timeBase: AVRational)] = [:]
    private let sourceTimeBase: AVRational
    /// Durations of frames sent, by timestamp: the encoder's packets do not always carry them,
    /// and the last one sets the video's duration.
    private var durations: [Int64: Int64] = [:]
    private var headerWritten = false

    /// Opens `path` for writing (as `name`'s kind) with a video stream of `width`×`height` and a
    /// copy of each audio stream of `source`.
    init(path: String, name: String, source: VideoReader, width: Int, height: Int, encoding: VideoEncoding) throws {
        self.name = name
        try FFmpegLibraries.require()
        let muxer = try VideoContainer.muxer(for: name)
        var context: UnsafeMutablePointer<AVFormatContext>?
        var code = avformat_alloc_output_context2(&context, muxer, nil, path)
        guard code >= 0, let context else { throw VideoError(name, "cannot start the video file", code: code) }
        output = context
        let codec = encoding.codec
        guard let encoderCodec = avcodec_find_encoder_by_name(codec.encoderName) else {
            throw VideoError("\(name): this FFmpeg has no \(codec.encoderName) encoder for \(codec.rawValue)")
        }
        guard avformat_query_codec(muxer, encoderCodec.pointee.id, FF_COMPLIANCE_NORMAL) == 1 else {
            throw VideoError(
                "\(name): .\(VideoContainer.fileExtension(of: name)) files cannot hold \(codec.rawValue) video")
        }
        sourceTimeBase = source.timeBase
        guard let stream = avformat_new_stream(context, nil), let encoder = avcodec_alloc_context3(encoderCodec) else {
            throw VideoError("\(name): out of memory for the encoder")
        }
        videoStream = stream
        self.encoder = encoder
        let colors = source.colors
        let rate = source.info.frameRate
        encoder.pointee.width = Int32(width)
        encoder.pointee.height = Int32(height)
        // 4:2:0 needs even sides; odd ones keep their size in 4:4:4.
        encoder.pointee.pix_fmt = width % 2 == 0 && height % 2 == 0 ? AV_PIX_FMT_YUV420P : AV_PIX_FMT_YUV444P
        encoder.pointee.time_base = sourceTimeBase
        if rate.numerator > 0 {
            encoder.pointee.framerate = AVRational(num: Int32(rate.numerator), den: Int32(rate.denominator))
        }
        encoder.pointee.sample_aspect_ratio = source.sampleAspectRatio
        encoder.pointee.colorspace = colors.space
        encoder.pointee.color_range = colors.range == AVCOL_RANGE_JPEG ? AVCOL_RANGE_JPEG : AVCOL_RANGE_MPEG
        encoder.pointee.color_primaries = colors.primaries
        encoder.pointee.color_trc = colors.transfer
        if muxer.pointee.flags & AVFMT_GLOBALHEADER != 0 { encoder.pointee.flags |= Int32(AV_CODEC_FLAG_GLOBAL_HEADER) }
        var options: OpaquePointer?
        defer { av_dict_free(&options) }
        av_dict_set(&options, "crf", "\(encoding.quality)", 0)
        if codec == .vp9 { av_dict_set(&options, "b", "0", 0) }   // constant quality, no bitrate cap
        if codec == .h265 { av_dict_set(&options, "x265-params", "log-level=none", 0) }
        code = avcodec_open2(encoder, encoderCodec, &options)
        guard code >= 0 else { throw VideoError(name, "cannot open the \(codec.encoderName) encoder", code: code) }
        code = avcodec_parameters_from_context(stream.pointee.codecpar, encoder)
        guard code >= 0 else { throw VideoError(name, "cannot describe the video stream", code: code) }
        stream.pointee.time_base = sourceTimeBase
        stream.pointee.avg_frame_rate = source.stream.pointee.avg_frame_rate
        stream.pointee.r_frame_rate = source.stream.pointee.r_frame_rate
        stream.pointee.sample_aspect_ratio = source.sampleAspectRatio
        var size = 0
        if let matrix = av_stream_get_side_data(source.stream, AV_PKT_DATA_DISPLAYMATRIX, &size), size > 0,
            let copy = av_stream_new_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, size)
        {
            copy.update(from: matrix, count: size)
        }
        for index in 0..<source.streamCount {
            let input = source.stream(at: index)
            let parameters = input.pointee.codecpar!
            guard parameters.pointee.codec_type == AVMEDIA_TYPE_AUDIO else { continue }
            let audio = String(cString: avcodec_get_name(parameters.pointee.codec_id))
            guard avformat_query_codec(muxer, parameters.pointee.codec_id, FF_COMPLIANCE_NORMAL) != 0 else {
                throw VideoError(
                    "\(name): the audio (\(audio)) cannot be copied into a .\(VideoContainer.fileExtension(of: name)) "
                        + "file; "
                        + "write .mkv, which holds any")
            }
            guard let copy = avformat_new_stream(context, nil) else {
                throw VideoError("\(name): out of memory for the audio stream")
            }
            code = avcodec_parameters_copy(copy.pointee.codecpar, parameters)
            guard code >= 0 else { throw VideoError(name, "cannot copy the audio stream", code: code) }
            copy.pointee.codecpar.pointee.codec_tag = 0
            copy.pointee.time_base = input.pointee.time_base
            copy.pointee.disposition = input.pointee.disposition
            copies[Int32(index)] = (copy, input.pointee.time_base)
        }
        code = avio_open(&context.pointee.pb, path, AVIO_FLAG_WRITE)
        guard code >= 0 else { throw VideoError(name, "cannot create the file", code: code) }
        code = avformat_write_header(context, nil)
        guard code >= 0 else { throw VideoError(name, "cannot write the video's header", code: code) }
        headerWritten = true

        guard let rgb, let yuv else { throw VideoError("\(name): out of memory for frames") }
        for (frame, format) in [(rgb, AV_PIX_FMT_GBRP), (yuv, encoder.pointee.pix_fmt)] {
            frame.pointee.width = Int32(width)
            frame.pointee.height = Int32(height)
            frame.pointee.format = format.rawValue
            code = av_frame_get_buffer(frame, 0)
            guard code >= 0 else {
                throw VideoError(name, "cannot allocate a frame of \(width)×\(height)", code: code)
            }
        }
        scaler = sws_getContext(
            Int32(width), Int32(height), AV_PIX_FMT_GBRP, Int32(width), Int32(height), encoder.pointee.pix_fmt,
            SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT, nil, nil, nil)
        guard let scaler else { throw VideoError("\(name): cannot convert RGB frames for the encoder") }
        let matrix = sws_getCoefficients(Int32(colors.space.rawValue))
        sws_setColorspaceDetails(
            scaler, matrix, 1, matrix, encoder.pointee.color_range == AVCOL_RANGE_JPEG ? 1 : 0, 0, 1 << 16, 1 << 16)
    }

    deinit {
        avcodec_free_context(&encoder)
        if let output {
            avio_closep(&output.pointee.pb)
            avformat_free_context(output)
        }
        av_frame_free(&rgb)
        av_frame_free(&yuv)
        av_packet_free(&packet)
        sws_freeContext(scaler)
    }

    /// Encodes `image` (the writer's size) shown at `timestamp` for `duration`, in the source
    /// video's time base.
    func write(_ image: Image, timestamp: Int64, duration: Int64) throws {
        guard let rgb, let yuv, let scaler, let encoder else { return }
        var code = av_frame_make_writable(rgb)
        if code >= 0 { code = av_frame_make_writable(yuv) }
        guard code >= 0 else { throw VideoError(name, "cannot reuse a frame buffer", code: code) }
        PlanarFrame.fill(rgb, with: image)
        code = sws_scale_frame(scaler, yuv, rgb)
        guard code >= 0 else { throw VideoError(name, "cannot convert a frame for the encoder", code: code) }
        yuv.pointee.pts = timestamp
        durations[timestamp] = duration
        try encode(yuv)
    }

    /// Copies a packet of another stream of the source (ignored unless it is a copied audio stream).
    func copy(_ packet: UnsafeMutablePointer<AVPacket>) throws {
        guard let (stream, timeBase) = copies[packet.pointee.stream_index], let output else { return }
        packet.pointee.stream_index = stream.pointee.index
        packet.pointee.pos = -1
        try mux(packet, from: timeBase, to: stream, output)
    }

    /// Flushes the encoder and writes the trailer; the file is then complete.
    func finish() throws {
        try encode(nil)
        guard let output else { return }
        var code = av_write_trailer(output)
        guard code >= 0 else { throw VideoError(name, "cannot finish the video file", code: code) }
        code = avio_closep(&output.pointee.pb)
        guard code >= 0 else { throw VideoError(name, "cannot write the video file", code: code) }
    }

    private func encode(_ frame: UnsafeMutablePointer<AVFrame>?) throws {
        guard let encoder, let packet, let output else { return }
        var code = avcodec_send_frame(encoder, frame)
        guard code >= 0 else { throw VideoError(name, "cannot encode a frame", code: code) }
        while true {
            code = avcodec_receive_packet(encoder, packet)
            if code == ffmpeg_error_again() || code == ffmpeg_error_eof() { return }
            guard code >= 0 else { throw VideoError(name, "cannot encode a frame", code: code) }
            if packet.pointee.duration <= 0, let duration = durations[packet.pointee.pts] {
                packet.pointee.duration = duration
            }
            durations[packet.pointee.pts] = nil
            packet.pointee.stream_index = videoStream.pointee.index
            try mux(packet, from: sourceTimeBase, to: videoStream, output)
        }
    }

    private func mux(
        _ packet: UnsafeMutablePointer<AVPacket>, from timeBase: AVRational, to stream: UnsafeMutablePointer<AVStream>,
        _ output: UnsafeMutablePointer<AVFormatContext>
    ) throws {
        av_packet_rescale_ts(packet, timeBase, stream.pointee.time_base)
        let code = av_interleaved_write_frame(output, packet)
        guard code >= 0 else {
            let folder = (name as NSString).deletingLastPathComponent
            let facts = WriteFailure.facts(writingIn: folder.isEmpty ? "." : folder)
            throw VideoError(
                "\(name): cannot write the video (\(VideoError.reason(code)))" + (facts.isEmpty ? "" : "; \(facts)"))
        }
    }
}
