import CCurl
import Foundation

/// A file fetched over HTTP(S) with libcurl, which honours `https_proxy` and the system's
/// certificate authorities. (Not Foundation's URLSession: it leaves a cache folder in ~/.cache and
/// another in ~/.local/share of every user, and links more into the binary.)
enum FileDownload {
    /// Writes what `url` serves to `path`; the error says why not (libcurl's message, or the HTTP status).
    static func fetch(_ url: URL, to path: String) throws {
        guard let curl = curl_easy_init() else { throw FileDownloadError(reason: "libcurl cannot start") }
        defer { curl_easy_cleanup(curl) }
        guard let file = fopen(path, "wb") else {
            throw FileDownloadError(reason: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var message = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE))
        let status = message.withUnsafeMutableBufferPointer { buffer -> CURLcode in
            _ = curl_setopt_string(curl, CURLOPT_URL, url.absoluteString)
            _ = curl_setopt_long(curl, CURLOPT_FOLLOWLOCATION, 1)
            // An HTTP error status is a failure, not a file holding the error page.
            _ = curl_setopt_long(curl, CURLOPT_FAILONERROR, 1)
            _ = curl_setopt_long(curl, CURLOPT_CONNECTTIMEOUT, 30)
            // A transfer that stalls (under 1 kB/s for a minute) ends instead of hanging.
            _ = curl_setopt_long(curl, CURLOPT_LOW_SPEED_LIMIT, 1000)
            _ = curl_setopt_long(curl, CURLOPT_LOW_SPEED_TIME, 60)
            // libcurl's default writer: fwrite to this FILE.
            _ = curl_setopt_pointer(curl, CURLOPT_WRITEDATA, file)
            _ = curl_setopt_pointer(curl, CURLOPT_ERRORBUFFER, buffer.baseAddress)
            return curl_easy_perform(curl)
        }
        guard status == CURLE_OK else {
            let detail = String(cString: message)
            throw FileDownloadError(reason: detail.isEmpty ? String(cString: curl_easy_strerror(status)) : detail)
        }
        guard fflush(file) == 0 else {
            throw FileDownloadError(reason: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// Why `FileDownload` failed, in libcurl's words.
struct FileDownloadError: LocalizedError {
    let reason: String
    var errorDescription: String? { reason }
}
