import CFFmpegLoader

/// FFmpeg's libraries, loaded when the first video is opened (Sources/CFFmpegLoader): a command
/// that reads no video does not pay for loading them.
enum FFmpegLibraries {
    /// Loads them, once; throws, naming the library, when one cannot be loaded.
    static func require() throws {
        var message = [CChar](repeating: 0, count: 512)
        guard ffmpeg_load(&message, message.count) == 0 else {
            throw VideoError(
                "video needs FFmpeg's libraries: \(String(cString: message)); install them "
                    + "(Debian: sudo apt-get install libavformat59 libavcodec59 libswscale6)")
        }
    }
}
