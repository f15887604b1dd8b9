import CFFmpeg
import Foundation
import Imaging
import Platform

/// Decodes the video stream of a file FFmpeg reads (any container and codec it knows), frame by
/// frame in display order, as RGB images of `outputSize`. Packets of the other streams (audio)
/// are handed to `forward` as they are read, so that a writer can copy them without decoding.
/// One frame is held at a time: memory follows the frame size, not the length of the video.
public final class VideoReader {
    public let path: String
    public let info: VideoInfo
    /// The size frames are delivered at (default: as decoded). Both sides at least 1.
    public var outputSize: (width: Int, height: Int)
    /// Frames decoded so far.
    public private(set) var framesRead = 0

    private var format: UnsafeMutablePointer<AVFormatContext>?
    private var decoder: UnsafeMutablePointer<AVCodecContext>?
    private var packet: UnsafeMutablePointer<AVPacket>? = av_packet_alloc()
    private var decoded: UnsafeMutablePointer<AVFrame>? = av_frame_alloc()
    private var converted: UnsafeMutablePointer<AVFrame>? = av_frame_alloc()
    private var scaler: OpaquePointer?
    private var draining = false
    private var lastTimestamp: Int64?
    /// Seconds at which the last frame delivered ends.
    private var lastEnd: Double?
    let videoStream: Int32
    /// Called with each packet of another stream, in file order (see `VideoWriter.copy`).
    var forward: ((UnsafeMutablePointer<AVPacket>) throws -> Void)?

    /// Frame sides beyond this are refused before anything is decoded (as images are).
    public static let largestSide = 32768

    /// Opens `path` and its best video stream. Throws a `VideoError` for a file that is not a
    /// regular file, that FFmpeg cannot read, that has no video stream (audio only, a cover
    /// picture), or whose frames declare an absurd size.
    public init(path: String) throws {
        self.path = path
        try RegularFile.requireReadable(path)
        try FFmpegLibraries.require()
        av_log_set_level(AV_LOG_QUIET)
        var opened: UnsafeMutablePointer<AVFormatContext>?
        var code = avformat_open_input(&opened, path, nil, nil)
        guard code >= 0, let opened else {
            throw VideoError(path, "is not a video FFmpeg can read, or is truncated or corrupt", code: code)
        }
        format = opened
        code = avformat_find_stream_info(opened, nil)
        guard code >= 0 else {
            avformat_close_input(&format)
            throw VideoError(path, "cannot read the streams of the video", code: code)
        }
        var codec: UnsafePointer<AVCodec>?
        let index = av_find_best_stream(opened, AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0)
        let streams = (0..<Int(opened.pointee.nb_streams)).map { opened.pointee.streams[$0]! }
        let audio = streams.filter { $0.pointee.codecpar.pointee.codec_type == AVMEDIA_TYPE_AUDIO }.count
        guard index >= 0, let codec,
            streams[Int(index)].pointee.disposition & AV_DISPOSITION_ATTACHED_PIC == 0
        else {
            avformat_close_input(&format)
            throw VideoError(
                audio > 0
                    ? "\(path): has no video stream, only audio" : "\(path): has no video stream FFmpeg can decode")
        }
        videoStream = index
        let stream = streams[Int(index)].pointee
        let parameters = stream.codecpar.pointee
        let width = Int(parameters.width), height = Int(parameters.height)
        guard width >= 1, height >= 1, width <= Self.largestSide, height <= Self.largestSide else {
            avformat_close_input(&format)
            throw VideoError(
                "\(path): declares frames of \(width)×\(height) pixels; sides must be between 1 and "
                    + "\(Self.largestSide)"
            )
        }
        let rate = stream.avg_frame_rate.num > 0 ? stream.avg_frame_rate : stream.r_frame_rate
        let timeBase = stream.time_base
        let streamDuration =
            stream.duration != ffmpeg_no_timestamp() && stream.duration > 0
            ? Double(stream.duration) * Double(timeBase.num) / Double(timeBase.den) : nil
        let fileDuration = opened.pointee.duration > 0 ? Double(opened.pointee.duration) / Double(AV_TIME_BASE) : nil
        info = VideoInfo(
            width: width, height: height, frameRate: (Int(rate.num), Int(max(rate.den, 1))),
            declaredFrameCount: stream.nb_frames > 0 ? Int(stream.nb_frames) : nil,
            duration: streamDuration ?? fileDuration, codec: String(cString: codec.pointee.name), audioStreams: audio)
        outputSize = (width, height)

        decoder = avcodec_alloc_context3(codec)
        guard let decoder else {
            avformat_close_input(&format); throw VideoError("\(path): out of memory for the decoder")
        }
        code = avcodec_parameters_to_context(decoder, stream.codecpar)
        // Corrupt data is an error rather than frames patched over; one thread, so that decoding
        // does not run beside the network's threads.
        decoder.pointee.err_recognition |= AV_EF_EXPLODE
        decoder.pointee.thread_count = 1
        if code >= 0 { code = avcodec_open2(decoder, codec, nil) }
        guard code >= 0 else {
            close()
            throw VideoError(path, "cannot open its \(info.codec) decoder", code: code)
        }
    }

    deinit { close() }

    private func close() {
        avcodec_free_context(&decoder)
        avformat_close_input(&format)
        av_packet_free(&packet)
        av_frame_free(&decoded)
        av_frame_free(&converted)
        sws_freeContext(scaler)
        scaler = nil
    }

    /// The video stream's time base, the unit of `VideoFrame.timestamp`.
    var timeBase: AVRational { format!.pointee.streams[Int(videoStream)]!.pointee.time_base }
    var stream: UnsafeMutablePointer<AVStream> { format!.pointee.streams[Int(videoStream)]! }
    var streamCount: Int { Int(format!.pointee.nb_streams) }
    func stream(at index: Int) -> UnsafeMutablePointer<AVStream> { format!.pointee.streams[index]! }
    /// The decoder's colour description, for an encoder that should keep it.
    var colors:
        (space: AVColorSpace, range: AVColorRange, primaries: AVColorPrimaries, transfer: AVColorTransferCharacteristic)
    {
        let d = decoder!.pointee
        return (d.colorspace, d.color_range, d.color_primaries, d.color_trc)
    }
    var sampleAspectRatio: AVRational { decoder!.pointee.sample_aspect_ratio }

    /// The next frame, or nil after the last. Throws for a read error, corrupt data, or a file
    /// that ends before the frames its container declares.
    public func nextFrame() throws -> VideoFrame? {
        guard let decoder, let decoded, let packet, let format else { return nil }
        while true {
            let received = avcodec_receive_frame(decoder, decoded)
            if received >= 0 { return try deliver(decoded) }
            if received == ffmpeg_error_eof() {
                if let declared = info.declaredFrameCount, framesRead < declared {
                    throw VideoError(
                        "\(path): the video ends after \(framesRead) of its \(declared) frames (truncated?)")
                }
                // Containers that do not count frames (Matroska) still declare a duration.
                if info.declaredFrameCount == nil, let duration = info.duration, let end = lastEnd,
                    end < duration - max(0.5, 0.05 * duration)
                {
                    throw VideoError(
                        "\(path): the video ends at \(String(format: "%.2f", end)) s of its "
                            + "\(String(format: "%.2f", duration)) s (truncated?)"
                    )
                }
                return nil
            }
            guard received == ffmpeg_error_again() else {
                throw VideoError(path, "cannot decode frame \(framesRead + 1)", code: received)
            }
            if draining {
                throw VideoError("\(path): the decoder stopped without finishing its frames")
            }
            let read = av_read_frame(format, packet)
            if read == ffmpeg_error_eof() {
                if let pb = format.pointee.pb, pb.pointee.error < 0 {
                    throw VideoError(path, "cannot read the file", code: pb.pointee.error)
                }
                draining = true
                let code = avcodec_send_packet(decoder, nil)
                guard code >= 0 else { throw VideoError(path, "cannot decode the last frames", code: code) }
                continue
            }
            guard read >= 0 else { throw VideoError(path, "cannot read past frame \(framesRead)", code: read) }
            defer { av_packet_unref(packet) }
            if packet.pointee.stream_index == videoStream {
                let code = avcodec_send_packet(decoder, packet)
                guard code >= 0 else {
                    throw VideoError(path, "the video is corrupt at frame \(framesRead + 1)", code: code)
                }
            } else if let forward {
                try forward(packet)
            }
        }
    }

    /// Converts the decoded frame to RGB at `outputSize` and gives it its timestamps.
    private func deliver(_ frame: UnsafeMutablePointer<AVFrame>) throws -> VideoFrame {
        defer { av_frame_unref(frame) }
        let (width, height) = outputSize
        guard let converted else { throw VideoError("\(path): out of memory") }
        if converted.pointee.width != Int32(width) || converted.pointee.height != Int32(height) {
            av_frame_unref(converted)
        }
        converted.pointee.width = Int32(width)
        converted.pointee.height = Int32(height)
        converted.pointee.format = AV_PIX_FMT_GBRP.rawValue
        let source = AVPixelFormat(frame.pointee.format)
        scaler = sws_getCachedContext(
            scaler, frame.pointee.width, frame.pointee.height, source, Int32(width), Int32(height),
            AV_PIX_FMT_GBRP, SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT, nil, nil, nil)
        guard let scaler else {
            throw VideoError("\(path): cannot convert frames of \(String(cString: av_get_pix_fmt_name(source))) to RGB")
        }
        let fullRange =
            frame.pointee.color_range == AVCOL_RANGE_JPEG
            || [AV_PIX_FMT_YUVJ420P, AV_PIX_FMT_YUVJ422P, AV_PIX_FMT_YUVJ444P].contains(source)
        let matrix = sws_getCoefficients(Int32(frame.pointee.colorspace.rawValue))
        sws_setColorspaceDetails(scaler, matrix, fullRange ? 1 : 0, matrix, 1, 0, 1 << 16, 1 << 16)
        let code = sws_scale_frame(scaler, converted, frame)
        guard code >= 0 else { throw VideoError(path, "cannot convert frame \(framesRead + 1) to RGB", code: code) }
        let image = PlanarFrame.image(converted, width: width, height: height)
        // Frames without a timestamp (raw streams) follow the previous one.
        let duration = frame.pointee.pkt_duration > 0 ? frame.pointee.pkt_duration : defaultDuration
        var timestamp = frame.pointee.best_effort_timestamp
        if timestamp == ffmpeg_no_timestamp() { timestamp = (lastTimestamp.map { $0 + duration }) ?? 0 }
        if let lastTimestamp, timestamp <= lastTimestamp { timestamp = lastTimestamp + 1 }
        lastTimestamp = timestamp
        let base = timeBase
        lastEnd = Double(timestamp + duration) * Double(base.num) / Double(base.den)
        defer { framesRead += 1 }
        return VideoFrame(
            image: image, index: framesRead, timestamp: timestamp, duration: duration,
            seconds: Double(timestamp) * Double(base.num) / Double(base.den))
    }

    /// One frame's duration at the declared frame rate, in the time base (at least 1).
    private var defaultDuration: Int64 {
        let rate = info.frameRate, base = timeBase
        guard rate.numerator > 0, base.num > 0 else { return 1 }
        return max(
            1,
            Int64((Double(rate.denominator) * Double(base.den) / (Double(rate.numerator) * Double(base.num))).rounded())
        )
    }
}
